// Strict JSON and Python-compatible dumping (what the prototype linker writes).
import { describe, expect, it } from "vitest";
import { compareCodePoints, dumpJsonInOrder, dumpPyJson, JsonNumber, JsonSyntaxError, parseJson, parseJsonPrefix, pyFloatRepr } from "../../src/hxe/index.js";

describe("parseJson", () => {
  it("rejects what RFC 8259 rejects", () => {
    for (const bad of ["", "[1,]", "{,}", "// c\n1", "/* c */ 1", "NaN", "Infinity", "-Infinity", "01", "1.", ".5", "+1", "'a'", '"\u0001"', '"\\x41"', '"\\u12"', "[1 2]", '{"a" 1}', "tru", "[", '"abc', "1 1", "-", "[".repeat(300) + "]".repeat(300)]) {
      expect(() => parseJson(bad), bad).toThrow(JsonSyntaxError);
    }
  });

  it("accepts strict JSON and keeps number text", () => {
    const v = parseJson(' {"a":[1, 2.50, -0, 1E2, true, false, null, "\\u00e9\\n\\/"], "a":{"x":1}, "b":0} ');
    expect(v).toBeInstanceOf(Map);
    const m = v as Map<string, unknown>;
    expect([...m.keys()]).toEqual(["a", "b"]); // a repeated key keeps its first place and its last value
    expect(m.get("a")).toEqual(new Map([["x", new JsonNumber("1")]]));
    const arr = parseJson('[1, 2.50, 1E2, "\\u00e9"]') as unknown[];
    expect((arr[1] as JsonNumber).text).toBe("2.50");
    expect((arr[0] as JsonNumber).isInteger).toBe(true);
    expect((arr[2] as JsonNumber).isInteger).toBe(false);
    expect((arr[2] as JsonNumber).value).toBe(100);
    expect(arr[3]).toBe("é");
  });

  it("reports the offset of the problem", () => {
    try {
      parseJson('{"a": x}');
    } catch (e) {
      expect((e as JsonSyntaxError).offset).toBe(6);
    }
    expect(parseJsonPrefix('xx [1] tail', 2)).toEqual({ value: [new JsonNumber("1")], end: 6 });
  });
});

describe("Python-compatible output", () => {
  it("pyFloatRepr matches repr(float)", () => {
    const values = [0.0, -0.0, 1.5, 100.0, 1e16, 1e15, 123456789012345.6, 0.0001, 0.00001, 1.5e-7, 1e300, 5e-324, 2.5, 65504.0, 0.1, 1 / 3, 1e22, 12345678901234567.0];
    const python = ["0.0", "-0.0", "1.5", "100.0", "1e+16", "1000000000000000.0", "123456789012345.6", "0.0001", "1e-05", "1.5e-07", "1e+300", "5e-324", "2.5", "65504.0", "0.1", "0.3333333333333333", "1e+22", "1.2345678901234568e+16"];
    expect(values.map(pyFloatRepr)).toEqual(python);
    expect([NaN, Infinity, -Infinity].map(pyFloatRepr)).toEqual(["NaN", "Infinity", "-Infinity"]);
  });

  it("dumpPyJson matches json.dumps(separators=(',', ':'), sort_keys=True)", () => {
    const doc = parseJson('{"version": 1, "mailboxes": [{"target": "app:\u00e9\u2028\ud83d\ude00", "b": 1.0, "a": [1, 2.50, true, null], "\u00e9": "x", "z\u007f": "q\\"\\\\\\n\\t\\u0001"}]}');
    expect(dumpPyJson(doc)).toBe('{"mailboxes":[{"a":[1,2.5,true,null],"b":1.0,"target":"app:\\u00e9\\u2028\\ud83d\\ude00","z\\u007f":"q\\"\\\\\\n\\t\\u0001","\\u00e9":"x"}],"version":1}');
    // Keys sort by code point, not by UTF-16 unit.
    expect(dumpPyJson(parseJson('{"\ue000":1,"\ud83d\ude00":2,"a":3}'))).toBe('{"a":3,"\\ue000":1,"\\ud83d\\ude00":2}');
    expect(dumpPyJson(parseJson('{"n": 12345678901234567890123, "f": 1E2, "g": -0, "h": -0.0}'))).toBe('{"f":100.0,"g":0,"h":-0.0,"n":12345678901234567890123}');
    expect(dumpPyJson(parseJson('"\\b\\f\\r"'))).toBe('"\\b\\f\\r"');
  });

  it("helpers", () => {
    expect(compareCodePoints("a", "b")).toBeLessThan(0);
    expect(compareCodePoints("ab", "a")).toBeGreaterThan(0);
    expect(compareCodePoints("\ud83d\ude00", "\ue000")).toBeGreaterThan(0);
    expect(dumpJsonInOrder(parseJson('{"b":1.50,"a":[null,"\u00e9"]}'))).toBe('{"b":1.50,"a":[null,"\\u00e9"]}');
  });
});
