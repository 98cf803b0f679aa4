import { createContext, useContext, type Dispatch } from 'react';
import type { EditorAction } from './editor-store';
import type { UrlDatasetRef } from '../../engine/define-node';
import type { StaleReason } from '../../engine/stale-nodes';
import type { DatasetOption, RunState, UrlSchemas } from './editor-types';
import type { GraphAnalysis } from './graph-analysis';

/** What node views and panels read: derived state only, never stored on React Flow nodes. */
export type EditorContextValue = {
  dispatch: Dispatch<EditorAction>;
  analysis: GraphAnalysis;
  problems: Map<string, string[]>;
  run: RunState;
  /** Nodes whose last-run results no longer describe them (edited, added or fed by an edited step since). */
  stale: ReadonlyMap<string, StaleReason>;
  datasets: DatasetOption[];
  urlSchemas: UrlSchemas;
  /** Reads a Fetch node's URL's columns again now. */
  readUrlColumns: (ref: UrlDatasetRef) => void;
  /** A canvas that shows a run (the run page): nothing on it edits the graph. */
  readOnly?: boolean;
};

export const EditorContext = createContext<EditorContextValue | null>(null);

export function useEditor() {
  const value = useContext(EditorContext);
  if (!value) throw new Error('useEditor must be used inside <PipelineEditor>.');
  return value;
}
