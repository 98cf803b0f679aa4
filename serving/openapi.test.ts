import { describe, expect, it } from 'vitest';
import { openApiDocument, type DocumentedVersion } from './openapi';

const version = (stage: string): DocumentedVersion => ({
  modelName: 'flowers',
  version: 3,
  stage,
  task: 'regression',
  target: 'petal_width',
  classes: [],
  inputSchema: { columns: [{ name: 'petal_length', kind: 'number' }] } as DocumentedVersion['inputSchema'],
});

describe('openApiDocument', () => {
  it('says which version and stage the document describes, in words', () => {
    expect(openApiDocument(version('production'), 'http://localhost').info.description).toMatch(/Documented from version 3 \(production\);/);
    expect(openApiDocument(version('none'), 'http://localhost').info.description).toMatch(/Documented from version 3 \(no stage\);/);
  });
});
