/** Hex strings on the wire: lower-case byte pairs. */
export function toHex(b: ArrayLike<number>): string {
  let s = "";
  for (let i = 0; i < b.length; i++) s += (b[i]! & 0xff).toString(16).padStart(2, "0");
  return s;
}

export class BadHex extends Error {}

export function fromHex(s: unknown): Uint8Array {
  if (typeof s !== "string" || s.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(s)) throw new BadHex(`not a hex byte string: ${JSON.stringify(s)?.slice(0, 40)}`);
  const out = new Uint8Array(s.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(s.slice(2 * i, 2 * i + 2), 16);
  return out;
}
