const PPM = 1_000_000;
/** Parts per million as a bigint, so weights multiply exactly. */
export const PPM_SCALE = BigInt(PPM);
export const ppm = (x: number) => BigInt(Math.max(0, Math.round(x * PPM)));
