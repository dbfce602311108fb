//! The shape of the app crate (docs/ARCHITECTURE.md "Layout"): dependencies run one way. The
//! `crate::` paths each module names (imports and full paths, test modules left out) must form
//! no cycle among modules, and the areas (`billing`, `orgs`, …) must form no cycle either.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Module path (`billing::payments::gateway`) → source text without its test module.
fn modules() -> BTreeMap<String, String> {
    fn walk(dir: &Path, root: &Path, out: &mut BTreeMap<String, String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, root, out);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let rel = path.strip_prefix(root).unwrap().with_extension("");
            let mut parts: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            if parts.last().is_some_and(|p| p == "mod") {
                parts.pop();
            }
            if parts == ["lib"] {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            let code = text.split("#[cfg(test)]").next().unwrap_or_default().to_owned();
            out.insert(parts.join("::"), code);
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut out = BTreeMap::new();
    walk(&root, &root, &mut out);
    out
}

/// Every path written after `crate::`, with `use crate::{a, b::{c, d}}` groups expanded.
fn crate_paths(code: &str) -> Vec<String> {
    fn expand(prefix: &str, body: &str, out: &mut Vec<String>) {
        let body = body.trim();
        if let Some(inner) = body.strip_prefix('{').and_then(|b| b.strip_suffix('}')) {
            let (mut depth, mut start) = (0, 0);
            for (i, ch) in inner.char_indices() {
                match ch {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        expand(prefix, &inner[start..i], out);
                        start = i + 1;
                    }
                    _ => {}
                }
            }
            expand(prefix, &inner[start..], out);
        } else if let Some((head, rest)) = body.split_once("::{") {
            expand(&format!("{prefix}{head}::"), &format!("{{{rest}"), out);
        } else if !body.is_empty() {
            let name = body.split(" as ").next().unwrap_or_default().trim();
            out.push(format!("{prefix}{name}"));
        }
    }
    let mut out = Vec::new();
    let mut rest = code;
    while let Some(i) = rest.find("crate::") {
        let after = &rest[i + "crate::".len()..];
        let end = if after.starts_with('{') {
            // a group: up to its matching brace
            let mut depth = 0;
            after
                .char_indices()
                .find(|&(_, c)| {
                    depth += i32::from(c == '{') - i32::from(c == '}');
                    depth == 0
                })
                .map_or(after.len(), |(j, _)| j + 1)
        } else {
            after
                .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':' || c == '{'))
                .unwrap_or(after.len())
        };
        let path = &after[..end];
        if path.contains("::{") && !path.ends_with('}') {
            // `crate::a::{` spanning lines: take the whole group
            let close = after.find("};").map_or(after.len(), |j| j + 1);
            expand("", &after[..close], &mut out);
        } else {
            expand("", path, &mut out);
        }
        rest = &after[end.min(after.len())..];
    }
    out
}

/// The module a path names: its longest prefix that is a module.
fn owner<'a>(path: &str, modules: &'a BTreeMap<String, String>) -> Option<&'a str> {
    let parts: Vec<&str> = path.split("::").collect();
    (1..=parts.len())
        .rev()
        .map(|k| parts[..k].join("::"))
        .find_map(|m| modules.get_key_value(&m).map(|(k, _)| k.as_str()))
}

fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let modules = modules();
    let mut g: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (m, code) in &modules {
        let deps = g.entry(m.clone()).or_default();
        for p in crate_paths(code) {
            if let Some(o) = owner(&p, &modules)
                && o != m
            {
                deps.insert(o.to_owned());
            }
        }
    }
    g
}

/// A cycle through `g`, if there is one.
fn find_cycle(g: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        v: &str,
        g: &BTreeMap<String, BTreeSet<String>>,
        state: &mut BTreeMap<String, u8>,
        stack: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        state.insert(v.to_owned(), 1);
        stack.push(v.to_owned());
        for w in g.get(v).into_iter().flatten() {
            match state.get(w.as_str()) {
                Some(1) => {
                    let from = stack.iter().position(|s| s == w).unwrap_or(0);
                    let mut cycle = stack[from..].to_vec();
                    cycle.push(w.clone());
                    return Some(cycle);
                }
                Some(_) => {}
                None => {
                    if let Some(c) = visit(w, g, state, stack) {
                        return Some(c);
                    }
                }
            }
        }
        stack.pop();
        state.insert(v.to_owned(), 2);
        None
    }
    let mut state = BTreeMap::new();
    for v in g.keys() {
        if !state.contains_key(v.as_str())
            && let Some(c) = visit(v, g, &mut state, &mut Vec::new())
        {
            return Some(c);
        }
    }
    None
}

#[test]
fn modules_import_each_other_without_cycles() {
    let g = graph();
    assert!(g.len() > 30, "the modules were found: {:?}", g.keys());
    assert!(
        g["billing::renewals"].contains("billing::payments"),
        "the parser sees imports"
    );
    if let Some(cycle) = find_cycle(&g) {
        panic!("import cycle: {}", cycle.join(" -> "));
    }
}

#[test]
fn areas_depend_on_each_other_one_way() {
    let area = |m: &str| m.split("::").next().unwrap_or_default().to_owned();
    let mut areas: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (m, deps) in graph() {
        let a = area(&m);
        let entry = areas.entry(a.clone()).or_default();
        entry.extend(deps.iter().map(|d| area(d)).filter(|d| *d != a));
    }
    if let Some(cycle) = find_cycle(&areas) {
        panic!("areas depend on each other in a cycle: {}", cycle.join(" -> "));
    }
    assert!(
        areas["platform"].is_empty(),
        "platform stands on nothing else: {:?}",
        areas["platform"]
    );
}
