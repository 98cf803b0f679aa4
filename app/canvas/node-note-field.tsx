import { useId } from 'react';
import { GRAPH_LIMITS } from '../../engine/graph-types';
import { Field, inputClass } from '../components/ui/field';
import { useEditor } from './editor-context';
import type { PipelineFlowNode } from './editor-types';

/** The node's free-text note: saved with the graph, shown on the node as an icon with the text as tooltip. */
export function NodeNoteField({ node }: { node: PipelineFlowNode }) {
  const { dispatch } = useEditor();
  const id = useId();
  const length = node.data.note?.length ?? 0;
  return (
    <Field id={id} label="Note" help={length > GRAPH_LIMITS.maxNoteChars * 0.9 ? `${length} of ${GRAPH_LIMITS.maxNoteChars} characters` : undefined}>
      <textarea
        id={id}
        className={`${inputClass} min-h-[3.5rem] resize-y`}
        rows={2}
        value={node.data.note ?? ''}
        placeholder="Why this step is here, what to try next…"
        maxLength={GRAPH_LIMITS.maxNoteChars}
        aria-describedby={length > GRAPH_LIMITS.maxNoteChars * 0.9 ? `${id}-help` : undefined}
        onChange={(e) => dispatch({ type: 'noteChanged', id: node.id, note: e.target.value })}
      />
    </Field>
  );
}
