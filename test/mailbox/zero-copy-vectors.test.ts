/**
 * Zero-copy conformance vectors (conformance/vectors/mailbox/zero-copy.yaml,
 * mailbox.rule.ZERO_COPY, feature zero_copy) with the checks every mailbox vector group
 * passes (vector-suite.ts), plus what this file must cover: NO_BUFFER and the zc_buffers
 * and zc_buffer_bytes limits at their boundary under every profile.
 */
import { describe, expect, it } from "vitest";
import { describeVectorGroup, PROFILES } from "../conformance/vector-suite.js";

const suite = describeVectorGroup({
  name: "zero-copy",
  folder: "mailbox",
  files: { "zero-copy": 38 },
  areas: { "zero-copy": ["zc"] },
  minUnpinned: 18,
});

describe("mailbox vectors, zero-copy: what the file must cover", () => {
  it("every vector requires feature zero_copy", () => {
    for (const v of suite.load().vectors) expect(v.features, v.id).toContain("zero_copy");
  });

  it("covers NO_BUFFER, buffer_pool_full exhaustion, and zc_buffers and zc_buffer_bytes under every profile", () => {
    const cov = suite.coverage();
    const wanted = [
      "enum.mbx_status.NO_BUFFER",
      "event.mailbox_exhausted",
      ...PROFILES.flatMap((p) => [`profile.${p}.zc_buffers`, `profile.${p}.zc_buffer_bytes`]),
    ];
    expect(wanted.filter((id) => (cov.byItem.get(id) ?? []).length === 0)).toEqual([]);
  });
});
