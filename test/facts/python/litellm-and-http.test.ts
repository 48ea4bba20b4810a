import { at } from "../helpers.js";
import { pyRecognizerTester } from "./tester.js";

const urljoinCode = `import requests\nfrom urllib.parse import urljoin\nBASE = "https://registry.dn42.example/api/"\ndef get(p):\n    return requests.get(urljoin(BASE, p))\n`;
const sessionCode = `import httpx\nAPI = "https://status.example.org/api"\nclient = httpx.Client(base_url=API)\ndef ping(i):\n    return client.get(f"/check/{i}")\n`;

pyRecognizerTester("LiteLLM", {
  valid: [
    {
      name: "completion(api_base=…) is a client on that base and a model call",
      code: `import litellm\nr = litellm.completion(model="gpt-4o", messages=[], api_base="http://gw.internal:4000")\n`,
      expect: { modelClients: [{ framework: "litellm", api: "litellm.completion", baseURL: { kind: "literal", text: "http://gw.internal:4000" } }], modelCalls: [{ framework: "litellm", api: "litellm.completion", loc: { line: 2, column: 5 } }] },
    },
    {
      name: "a litellm_proxy/ model goes to the proxy (LITELLM_PROXY_API_BASE)",
      code: `from litellm import acompletion\nasync def go():\n    return await acompletion(model="litellm_proxy/dn42", messages=[])\n`,
      expect: { modelClients: [{ provider: "litellm-proxy", baseURL: { kind: "absent" }, envDefault: "LITELLM_PROXY_API_BASE" }], modelCalls: [{ api: "litellm.acompletion", fn: "agent.py#go" }] },
    },
    {
      name: "litellm.use_litellm_proxy = True sends every call to the proxy",
      code: `import litellm\nlitellm.use_litellm_proxy = True\nlitellm.completion(model="gpt-4o", messages=[])\n`,
      expect: { modelClients: [{ provider: "litellm-proxy", envDefault: "LITELLM_PROXY_API_BASE" }] },
    },
    {
      name: "use_litellm_proxy=True per call",
      code: `import litellm\nlitellm.completion(model="gpt-4o", messages=[], use_litellm_proxy=True)\n`,
      expect: { modelClients: [{ provider: "litellm-proxy" }] },
    },
    {
      name: "litellm.api_base set once applies to calls without api_base",
      code: `import litellm\nlitellm.api_base = "http://gw.internal:4000"\nlitellm.completion(model="claude-3-5-sonnet", messages=[])\n`,
      expect: { modelClients: [{ provider: "anthropic", baseURL: { kind: "literal", text: "http://gw.internal:4000" }, loc: { line: 3, column: 1 } }] },
    },
    {
      name: "with no base at all, the provider's default host (from the model name)",
      code: `from litellm import completion\ncompletion(model="anthropic/claude-sonnet-4", messages=[])\n`,
      expect: { modelClients: [{ provider: "anthropic", baseURL: { kind: "absent" }, defaultHost: "https://api.anthropic.com" }] },
    },
  ],
  invalid: [
    { name: "litellm.embedding is not a chat model call", code: `import litellm\nlitellm.embedding(model="text-embedding-3-small", input=["x"])\n`, absent: ["modelCalls"] },
    { name: "a project function named completion is not LiteLLM", code: `def completion(**kw):\n    return kw\ncompletion(model="x")\n`, absent: ["modelCalls", "modelClients"] },
  ],
});

pyRecognizerTester("raw HTTP", {
  valid: [
    {
      name: "requests.get on an f-string over a module constant keeps the constant prefix",
      code: `import requests\nREGISTRY = "https://registry.dn42.example/api"\ndef lookup(asn):\n    return requests.get(f"{REGISTRY}/aut-num/AS{asn}", timeout=10)\n`,
      expect: { urls: [{ api: "requests.get", url: { kind: "prefix", prefix: "https://registry.dn42.example/api/aut-num/AS", via: "REGISTRY" }, loc: { line: 4, column: 12 } }] },
    },
    {
      name: "urljoin on a constant base",
      code: urljoinCode,
      expect: { urls: [{ api: "requests.get", url: { kind: "prefix", prefix: "https://registry.dn42.example/api/" }, loc: at(urljoinCode, "requests.get") }] },
    },
    {
      name: "an httpx.Client(base_url=…) instance: paths go under its base",
      code: sessionCode,
      expect: { urls: [{ api: "httpx.Client base_url", url: { kind: "literal", text: "https://status.example.org/api" } }, { api: "httpx.Client.get", url: { kind: "prefix", prefix: "https://status.example.org/api/check/" }, loc: at(sessionCode, "client.get") }] },
    },
    {
      name: "requests.post with url= keyword, and requests.request(method, url)",
      code: `import requests\nrequests.post(url="https://a.example/x", json={})\nrequests.request("DELETE", "https://b.example/y")\n`,
      expect: { urls: [{ api: "requests.post", url: { kind: "literal", text: "https://a.example/x" } }, { api: "requests.request", url: { kind: "literal", text: "https://b.example/y" } }] },
    },
    {
      name: "aiohttp: async with ClientSession() as s: s.get(url)",
      code: `import aiohttp\nasync def f(u):\n    async with aiohttp.ClientSession() as s:\n        async with s.get("https://c.example/z") as r:\n            return await r.text()\n`,
      expect: { urls: [{ api: "aiohttp.ClientSession.get", url: { kind: "literal", text: "https://c.example/z" }, loc: { line: 4, column: 20 } }] },
    },
    {
      name: "urllib.request.urlopen(Request(url)) and websockets.connect(url)",
      code: `import urllib.request\nimport websockets\nurllib.request.urlopen(urllib.request.Request("https://d.example/"))\nasync def w():\n    async with websockets.connect("wss://e.example/ws") as ws:\n        pass\n`,
      expect: { urls: [{ api: "urllib.request.urlopen", url: { kind: "literal", text: "https://d.example/" } }, { api: "websockets.connect", url: { kind: "literal", text: "wss://e.example/ws" } }] },
    },
    {
      name: "a URL read from os.environ.get with a default",
      code: `import os, requests\nrequests.get(os.environ.get("STATUS_URL", "https://s.example"))\n`,
      expect: { urls: [{ url: { kind: "env", name: "STATUS_URL", fallback: "https://s.example" } }], envReads: [{ name: "STATUS_URL", loc: { line: 2, column: 14 } }] },
    },
    {
      name: "a URL the model wrote is dynamic",
      code: `import re, requests\ndef follow(text):\n    for url in re.findall(r"https?://\\S+", text):\n        requests.get(url)\n`,
      expect: { urls: [{ api: "requests.get", url: { kind: "dynamic" } }] },
    },
  ],
  invalid: [
    { name: "a method of the response (res.json().get) is not a request", code: `import httpx\nasync def f():\n    async with httpx.AsyncClient() as http:\n        res = await http.post("https://o.example/a")\n    return res.json().get("decision")\n`, check: (f) => { if (f.urls.length !== 1) throw new Error(JSON.stringify(f.urls)); } },
    { name: "dict.get is not HTTP", code: `d = {"a": 1}\nd.get("a")\n`, absent: ["urls"] },
    { name: "requests imported but only used for its exceptions", code: `import requests\ntry:\n    pass\nexcept requests.RequestException:\n    pass\n`, absent: ["urls"] },
  ],
});
