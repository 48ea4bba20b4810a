import { describe, expect, it } from "vitest";
import { canonicalize, compareUtf16 } from "../../src/attest/jcs.js";

/** RFC 8785 Appendix B: IEEE 754 bit patterns and their canonical serialisation. */
const NUMBERS: [string, string][] = [
  ["0000000000000000", "0"],
  ["8000000000000000", "0"],
  ["0000000000000001", "5e-324"],
  ["8000000000000001", "-5e-324"],
  ["7fefffffffffffff", "1.7976931348623157e+308"],
  ["ffefffffffffffff", "-1.7976931348623157e+308"],
  ["4340000000000000", "9007199254740992"],
  ["c340000000000000", "-9007199254740992"],
  ["4430000000000000", "295147905179352830000"],
  ["44b52d02c7e14af5", "9.999999999999997e+22"],
  ["44b52d02c7e14af6", "1e+23"],
  ["44b52d02c7e14af7", "1.0000000000000001e+23"],
  ["444b1ae4d6e2ef4e", "999999999999999700000"],
  ["444b1ae4d6e2ef4f", "999999999999999900000"],
  ["444b1ae4d6e2ef50", "1e+21"],
  ["3eb0c6f7a0b5ed8c", "9.999999999999997e-7"],
  ["3eb0c6f7a0b5ed8d", "0.000001"],
  ["41b3de4355555553", "333333333.3333332"],
  ["41b3de4355555554", "333333333.33333325"],
  ["41b3de4355555555", "333333333.3333333"],
  ["41b3de4355555556", "333333333.3333334"],
  ["41b3de4355555557", "333333333.33333343"],
  ["becbf647612f3696", "-0.0000033333333333333333"],
  ["43143ff3c1cb0959", "1424953923781206.2"],
];

const fromBits = (hex: string) => Buffer.from(hex, "hex").readDoubleBE(0);

describe("RFC 8785 canonical JSON", () => {
  it.each(NUMBERS)("number %s serialises as %s", (bits, expected) => {
    expect(canonicalize(fromBits(bits))).toBe(expected);
  });

  it.each([["7fffffffffffffff"], ["7ff0000000000000"], ["fff0000000000000"]])("refuses the non-finite number %s", (bits) => {
    expect(() => canonicalize({ n: fromBits(bits) })).toThrow(/not a JSON number/);
  });

  it("the RFC's §3.2.2 example: whitespace gone, numbers and strings normalised", () => {
    const input = JSON.parse(String.raw`{"numbers":[333333333.33333329,1E30,4.50,2e-3,0.000000000000000000000000001],"string":"\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/","literals":[null,true,false]}`);
    expect(canonicalize(input)).toBe(String.raw`{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\u000f\nA'B\"\\\\\"/"}`);
  });

  it("the RFC's §3.2.3 example: keys sorted by UTF-16 code units, not code points", () => {
    const input = JSON.parse(String.raw`{"\u20ac":"Euro Sign","\r":"Carriage Return","\ufb33":"Hebrew Letter Dalet With Dagesh","1":"One","\ud83d\ude00":"Emoji: Grinning Face","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis"}`);
    // Read the order from the text: a parsed object would put the integer-like key "1" first anyway.
    const order = [...canonicalize(input).matchAll(/"([^"]+)":"([^"]+)"/g)].map((m) => m[2]);
    expect(order).toEqual(["Carriage Return", "One", "Control", "Latin Small Letter O With Diaeresis", "Euro Sign", "Emoji: Grinning Face", "Hebrew Letter Dalet With Dagesh"]);
    // U+1F600 (as the surrogates D83D DE00) sorts before U+FB33 in UTF-16, after it by code point.
    expect(compareUtf16("\ud83d\ude00", "\ufb33")).toBeLessThan(0);
  });

  it("sorts nested objects, keeps array order, drops no key and adds no whitespace", () => {
    expect(canonicalize({ b: [3, { z: 1, a: 2 }, 1], a: { d: null, c: "x" } })).toBe(`{"a":{"c":"x","d":null},"b":[3,{"a":2,"z":1},1]}`);
    expect(canonicalize({ "": 1, a: 2, A: 3, aa: 4 })).toBe(`{"":1,"A":3,"a":2,"aa":4}`);
  });

  it("escapes control characters in lowercase hex and leaves / and non-ASCII alone", () => {
    expect(canonicalize("\u0001\u001f\b\t\n\f\r\"\\/é😀")).toBe(String.raw`"\u0001\u001f\b\t\n\f\r\"\\/é😀"`);
  });

  it("refuses lone surrogates and values JSON cannot hold", () => {
    expect(() => canonicalize({ s: "\ud800" })).toThrow(/lone surrogate/);
    expect(() => canonicalize({ s: "a\udc00" })).toThrow(/lone surrogate/);
    expect(() => canonicalize([undefined])).toThrow(/not JSON data/);
    expect(() => canonicalize({ d: new Date(0) })).toThrow(/not JSON data/);
    expect(() => canonicalize({ n: 10n })).toThrow(/not JSON data/);
  });

  it("is stable: parse and canonicalise again gives the same text", () => {
    const v = { z: [1.5, -0, 1e21, "ü"], y: { "\u00e9": true, e: false } };
    const once = canonicalize(v);
    expect(canonicalize(JSON.parse(once))).toBe(once);
  });
});
