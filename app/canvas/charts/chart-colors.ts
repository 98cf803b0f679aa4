/** Series colours, distinguishable for common colour-vision deficiencies (Okabe–Ito), in order of use. */
export const SERIES_COLORS = ['#0072b2', '#d55e00', '#009e73', '#cc79a7', '#e69f00', '#56b4e9', '#000000', '#f0e442'];

export const colorAt = (i: number) => SERIES_COLORS[i % SERIES_COLORS.length]!;

export const fmt = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? '–' : v.toFixed(2));
