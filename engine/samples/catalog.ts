import type { DatasetFormat } from '../io/dataset';

/** The bundled sample datasets. Engine code does no file I/O; the worker reads `file` next to this module. */
export type SampleDataset = {
  name: string;
  title: string;
  description: string;
  file: string;
  format: DatasetFormat;
  rows: number;
  suggestedTarget: string;
  attribution: string;
};

const VEGA_ATTRIBUTION = 'From the vega-datasets package (BSD-3-Clause), https://github.com/vega/vega-datasets';

export const sampleDatasets: readonly SampleDataset[] = [
  {
    name: 'penguins',
    title: 'Palmer penguins',
    description: 'Species, island, beak and flipper measurements, body mass and sex of 344 penguins; some values missing.',
    file: 'penguins.json',
    format: 'json',
    rows: 344,
    suggestedTarget: 'Species',
    attribution: VEGA_ATTRIBUTION,
  },
  {
    name: 'seattle-weather',
    title: 'Seattle weather',
    description: 'Daily precipitation, temperatures, wind and weather type in Seattle, 2012–2015.',
    file: 'seattle-weather.csv',
    format: 'csv',
    rows: 1461,
    suggestedTarget: 'weather',
    attribution: VEGA_ATTRIBUTION,
  },
  {
    name: 'cars',
    title: 'Cars (auto MPG)',
    description: 'Fuel economy, engine and origin of 406 classic cars; some values missing.',
    file: 'cars.json',
    format: 'json',
    rows: 406,
    suggestedTarget: 'Origin',
    attribution: VEGA_ATTRIBUTION,
  },
];

export function findSampleDataset(name: string): SampleDataset | undefined {
  return sampleDatasets.find((s) => s.name === name);
}

/** Where a sample's file lives (next to this module); hosts read it, the engine never does. */
export function locateSampleFile(sample: SampleDataset): URL {
  return new URL(`./${sample.file}`, import.meta.url);
}
