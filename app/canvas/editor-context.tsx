import { createContext, useContext, type Dispatch } from 'react';
import type { EditorAction } from './editor-store';
import type { DatasetOption, RunState } from './editor-types';
import type { GraphAnalysis } from './graph-analysis';

/** What node views and panels read: derived state only, never stored on React Flow nodes. */
export type EditorContextValue = {
  dispatch: Dispatch<EditorAction>;
  analysis: GraphAnalysis;
  problems: Map<string, string[]>;
  run: RunState;
  datasets: DatasetOption[];
};

export const EditorContext = createContext<EditorContextValue | null>(null);

export function useEditor() {
  const value = useContext(EditorContext);
  if (!value) throw new Error('useEditor must be used inside <PipelineEditor>.');
  return value;
}
