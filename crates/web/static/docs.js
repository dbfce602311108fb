// Renders the server's own OpenAPI description; loads nothing from anywhere else.
(function () {
  "use strict";
  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    (children || []).forEach(function (c) { e.appendChild(typeof c === "string" ? document.createTextNode(c) : c); });
    return e;
  }
  function pre(value) { return el("pre", {}, [JSON.stringify(value, null, 2)]); }
  function schemaName(s) {
    if (!s) return "";
    if (s.$ref) return s.$ref.split("/").pop();
    return s.type ? String(s.type) : "object";
  }
  fetch("/1/openapi.json").then(function (r) { return r.json(); }).then(function (doc) {
    document.getElementById("title").textContent = doc.info.title + " " + doc.info.version;
    document.getElementById("description").textContent = doc.info.description || "";
    var byTag = {};
    Object.keys(doc.paths).sort().forEach(function (path) {
      var item = doc.paths[path];
      ["get", "post", "put", "patch", "delete"].forEach(function (verb) {
        var op = item[verb];
        if (!op) return;
        var tag = (op.tags && op.tags[0]) || "other";
        (byTag[tag] = byTag[tag] || []).push({ path: path, verb: verb, op: op });
      });
    });
    var ops = document.getElementById("ops");
    Object.keys(byTag).sort().forEach(function (tag) {
      ops.appendChild(el("h2", {}, [tag]));
      byTag[tag].forEach(function (o) {
        var body = el("div", { "class": "body" }, []);
        if (o.op.description || o.op.summary) body.appendChild(el("p", {}, [o.op.summary || "", " ", o.op.description || ""]));
        if (o.op.parameters) {
          body.appendChild(el("h3", {}, ["Parameters"]));
          o.op.parameters.forEach(function (p) {
            body.appendChild(el("p", {}, [el("code", {}, [p.name]), " (" + p["in"] + (p.required ? ", required" : "") + ") " + (p.description || "")]));
          });
        }
        if (o.op.requestBody) {
          var content = o.op.requestBody.content["application/json"];
          body.appendChild(el("h3", {}, ["Request body: " + schemaName(content && content.schema)]));
        }
        body.appendChild(el("h3", {}, ["Responses"]));
        Object.keys(o.op.responses || {}).forEach(function (status) {
          var r = o.op.responses[status];
          var c = r.content && (r.content["application/json"] || r.content["text/plain"]);
          body.appendChild(el("p", {}, [el("strong", {}, [status]), " " + (r.description || "") + (c ? " — " + schemaName(c.schema) : "")]));
        });
        if (o.op.security) body.appendChild(el("p", { "class": "small" }, ["Needs Authorization: Bearer <token>"]));
        ops.appendChild(el("details", { "class": "op" }, [
          el("summary", {}, [el("span", { "class": "verb " + o.verb }, [o.verb.toUpperCase()]), el("code", { "class": "path" }, [o.path]), el("span", { "class": "small" }, [o.op.summary || ""])]),
          body
        ]));
      });
    });
    var schemas = document.getElementById("schemas");
    var all = (doc.components && doc.components.schemas) || {};
    Object.keys(all).sort().forEach(function (name) {
      schemas.appendChild(el("details", { "class": "op", id: "schema-" + name }, [el("summary", {}, [el("code", {}, [name])]), el("div", { "class": "body" }, [pre(all[name])])]));
    });
  }).catch(function (e) {
    document.getElementById("ops").textContent = "Could not load /1/openapi.json: " + e;
  });
})();
