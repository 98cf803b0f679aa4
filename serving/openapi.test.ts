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
    // Try it out sends the documented version when it is not the production one, which answers by default.
    const versionParam = (stage: string) => (openApiDocument(version(stage), 'http://localhost').paths as Record<string, { post: { parameters: { name: string; example?: number }[] } }>)['/api/v1/models/flowers/predict']!.post.parameters.find((p) => p.name === 'version');
    expect(versionParam('none')!.example).toBe(3);
    expect(versionParam('staging')!.example).toBe(3);
    expect(versionParam('production')!.example).toBeUndefined();
  });

  it('marks a column the model does not read optional, keeping what its values are, and leaves it out of the example', () => {
    const partly = { ...version('production'), inputSchema: { columns: [{ name: 'petal_length', kind: 'number' }, { name: 'species', kind: 'category', categories: ['setosa'], unused: true }] } } as DocumentedVersion;
    const text = JSON.stringify(openApiDocument(partly, 'http://localhost'));
    expect(text).toContain('"required":["petal_length"]');
    expect(text).toContain('Text; the model was trained on 1 values (setosa). null when missing. Not read by this model: may be left out.');
    expect(text).toContain('{"petal_length":1}');
  });
});
