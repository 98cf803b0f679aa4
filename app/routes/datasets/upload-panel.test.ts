import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { MemoryRouter } from 'react-router-dom';
import { describe, expect, it } from 'vitest';
import type { UploadResult } from '../../dataset-upload/use-dataset-upload';
import { UploadPanel } from './upload-panel';


/** The status line under the drop zone after an upload, as text. */
function doneText(rowCount: number, columnCount: number): string {
  const result = { datasetId: 'd1', label: 'noext v1', rowCount, columnCount } as UploadResult;
  const html = renderToStaticMarkup(
    createElement(MemoryRouter, null, createElement(UploadPanel, { state: { phase: 'done', fileName: 'noext', result }, onFile: () => {}, maxUploadBytes: 1 << 20 })),
  );
  const status = html.match(/<p role="status"[^>]*>(.*?)<\/p>/)![1]!;
  return status.replace(/<[^>]+>/g, '').replace(/<!-- -->/g, '');
}

describe('UploadPanel', () => {
  it('counts one row and one column in the singular, others in the plural', () => {
    expect(doneText(1, 2)).toBe('Uploaded noext v1: 1 row, 2 columns.');
    expect(doneText(1500, 1)).toBe('Uploaded noext v1: 1,500 rows, 1 column.');
  });
});
