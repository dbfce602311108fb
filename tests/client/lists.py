"""API-7: a client generated from docs/openapi.json (openapi-python-client) drives a running
Kontor: it signs up, orders and pays through the generated functions, then calls every list
endpoint the description names with its paging and every value of its filters. Each answer
must be a 200 the generated models parse (a description that does not fit what the server
sends fails here), with paging that adds up.

Run by .ci/run:  KONTOR_URL=http://127.0.0.1:18181 PYTHONPATH=<generated> python lists.py
"""

import importlib
import inspect
import json
import math
import os
import sys
import typing
from enum import Enum
from pathlib import Path

from kontor_client import AuthenticatedClient, Client
from kontor_client.types import Unset

URL = os.environ.get("KONTOR_URL", "http://127.0.0.1:18181")
DOC = json.loads((Path(__file__).resolve().parents[2] / "docs" / "openapi.json").read_text())
PASSWORD = "correct horse battery staple"


def op(tag, name):
    return importlib.import_module(f"kontor_client.api.{tag}.{name}")


def model(name):
    return getattr(importlib.import_module("kontor_client.models"), name)


def ok(response, what, status=200):
    if response.status_code != status:
        sys.exit(f"{what}: {response.status_code} {response.content[:400]!r}")
    if response.parsed is None or type(response.parsed).__name__ == "ErrorEnvelope":
        sys.exit(f"{what}: the generated client could not read the answer: {response.content[:400]!r}")
    return response.parsed


def main():
    anonymous = Client(base_url=URL, raise_on_unexpected_status=True)
    email = f"client-{os.getpid()}@example.ch"
    body = model("SignupRequest").from_dict({
        "email": email, "password": PASSWORD, "first_name": "Gen", "last_name": "Client",
        "kind": "person", "country": "CH", "language": "en",
    })
    signed = ok(op("identity", "signup").sync_detailed(client=anonymous, body=body), "signup", 201)
    org = signed.data.organization.id
    token_body = model("TokenRequest").from_dict({
        "email": email, "password": PASSWORD, "name": "generated client",
        "scopes": ["profile", "organizations", "products", "billing"],
    })
    created = ok(op("identity", "create_auth_token").sync_detailed(client=anonymous, body=token_body),
                 "token", 201)
    client = AuthenticatedClient(base_url=URL, token=created.data.token)

    # Something to list: five orders, two of them paid (a hosting and a mail service).
    products = {}
    for plan, name in [("domain-ch", "one.ch"), ("domain-ch", "two.ch"), ("domain-ch", "three.ch"),
                       ("web-starter", "site-one"), ("mail-basic", "mail-one")]:
        order = ok(op("orders", "create_order").sync_detailed(
            org, client=client,
            body=model("CreateOrder").from_dict({"items": [{"plan": plan, "period_months": 12, "name": name}]})),
            f"order {name}", 201)
        products[plan] = order.data.items[0].product_id
        if plan in ("web-starter", "mail-basic"):
            card = ok(op("sandbox", "sandbox_card").sync_detailed(client=client, body=model("SandboxCard").from_dict(
                {"customer": org, "number": "4242424242424242", "exp_month": 12, "exp_year": 2035, "cvc": "123"})),
                "card", 201)
            ok(op("orders", "pay_order").sync_detailed(
                org, order.data.id, client=client,
                body=model("PayBody").from_dict({"means": "card", "card_token": card.data.token})), "pay", 201)
    me = ok(op("profile", "get_profile").sync_detailed(client=client), "profile")
    paths = {"org": org, "id": None}
    samples = {"name": "o", "since": "2026-01-01", "until": "2099-12-31", "from": "2026-01-01",
               "expires_from": "2026-01-01", "expires_until": "2099-12-31", "actor": me.data.id,
               "action": "order.", "after": 0, "q": "muster"}

    calls = 0
    for path, item in DOC["paths"].items():
        get = item.get("get")
        if not get or "ListEnvelope" not in json.dumps(get["responses"].get("200", {})):
            continue
        fn = op(get["tags"][0], get["operationId"]).sync_detailed
        sig = inspect.signature(fn)
        args = {}
        if "{id}" in path:
            args["id"] = products["mail-basic"] if "mailboxes" in path else products["web-starter"]
        if "{org}" in path:
            args["org"] = org
        query = [p for p in get.get("parameters", []) if p["in"] == "query"]
        kw = {}
        for p in query:
            py = p["name"] if p["name"] in sig.parameters else p["name"] + "_"
            if py not in sig.parameters:
                sys.exit(f"{get['operationId']}: the generated function has no parameter for {p['name']}")
            kw[p["name"]] = py
        # Paging: every page of two, and the pages add up to the total.
        if "page" in kw:
            first = ok(fn(**args, client=client, **{kw["page"]: 1, kw["per_page"]: 2}), f"{path} page 1")
            calls += 1
            pages = max(1, math.ceil(first.total / 2))
            seen = [r.to_dict() for r in first.data]
            if first.per_page != 2 or first.pages != math.ceil(first.total / 2) or len(first.data) > 2:
                sys.exit(f"{path}: paging does not add up: {first.to_dict()}")
            for page in range(2, pages + 1):
                more = ok(fn(**args, client=client, **{kw["page"]: page, kw["per_page"]: 2}), f"{path} page {page}")
                calls += 1
                seen.extend(r.to_dict() for r in more.data)
            if len(seen) != first.total:
                sys.exit(f"{path}: the pages hold {len(seen)} rows, the total says {first.total}")
        else:
            ok(fn(**args, client=client), path)
            calls += 1
        # Filters: every value of an enumerated one, a sample of the others.
        for p in query:
            if p["name"] in ("page", "per_page"):
                continue
            py = kw[p["name"]]
            hint = sig.parameters[py].annotation
            enum = next((a for a in typing.get_args(hint) if inspect.isclass(a) and issubclass(a, Enum)), None)
            values = list(enum) if enum else [samples[p["name"]]]
            for v in values:
                ok(fn(**args, client=client, **{py: v}), f"{path}?{p['name']}={getattr(v, 'value', v)}")
                calls += 1
    if calls < 30:
        sys.exit(f"only {calls} list calls were made")
    orders = ok(op("orders", "list_orders").sync_detailed(org, client=client, status=model("ListOrdersStatus")("paid")),
                "paid orders")
    if orders.total != 2:
        sys.exit(f"the paid filter answers {orders.total} orders, not 2")
    print(f"generated client: {calls} list calls answered and parsed")


if __name__ == "__main__":
    main()
