import type { GraphProblem } from '../../../engine/graph-types';
import type { EditorProblem } from '../editor-types';
import type { PreviewPayload } from '../../../graphql/preview-payload';

/**
 * A node that fails on the sample rows is marked like a validation problem. Only when the editor's own
 * checks found nothing on that node: their message is the more precise one. Time-outs and cancellations
 * say nothing about the node, so they stay in the panel.
 */
export function previewProblemOf(payload: PreviewPayload | undefined, editorProblems: readonly GraphProblem[]): EditorProblem | undefined {
  if (payload?.status !== 'error' || (payload.reason !== 'invalid' && payload.reason !== 'failed')) return undefined;
  if (editorProblems.some((p) => p.nodeId === payload.failedNodeId)) return undefined;
  return { nodeId: payload.failedNodeId, message: payload.message, source: 'preview' };
}
