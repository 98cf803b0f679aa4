import { Background, BackgroundVariant, Controls, Handle, Position, ReactFlow, ReactFlowProvider, type Edge, type Node, type NodeProps } from '@xyflow/react';
import { memo, useMemo } from 'react';
import { diffGraphs } from '../../../engine/graph-diff';
import type { GraphNode, PipelineGraph } from '../../../engine/graph-types';
import { getNodeType } from '../../../engine/registry';
import { nodeTitle } from './change-list';
import { flowEdgeTypes } from '../pipeline-edge';

type DiffStatus = 'added' | 'removed' | 'changed' | 'same';
type ParamChange = { name: string; from: string; to: string };
type DiffNodeData = { title: string; typeTitle: string; status: DiffStatus; params: ParamChange[]; rewired: boolean };
type DiffFlowNode = Node<DiffNodeData, 'diff'>;

const tones: Record<DiffStatus, string> = {
  added: 'border-emerald-500 bg-emerald-50',
  removed: 'border-dashed border-red-400 bg-red-50 opacity-60',
  changed: 'border-amber-500 bg-amber-50',
  same: 'border-slate-300 bg-white',
};
const badges: Record<DiffStatus, string> = { added: 'Added', removed: 'Removed', changed: 'Changed', same: '' };

const shown = (v: unknown) => {
  const s = v === undefined ? '(unset)' : typeof v === 'string' ? v : JSON.stringify(v);
  return s.length > 40 ? `${s.slice(0, 39)}…` : s;
};

function paramChanges(before: GraphNode, after: GraphNode, names: string[]): ParamChange[] {
  return names.map((name) => {
    if (name === 'label') return { name, from: shown(before.label), to: shown(after.label) };
    if (name === 'type') return { name: 'version', from: String(before.version), to: String(after.version) };
    return { name, from: shown(before.params[name]), to: shown(after.params[name]) };
  });
}

const DiffNode = memo(function DiffNode({ data }: NodeProps<DiffFlowNode>) {
  const status = data.status === 'same' ? 'unchanged' : data.status;
  return (
    <div role="group" aria-label={`${data.title}: ${status}`} className={`w-52 rounded-lg border-2 px-3 py-2 text-xs shadow-sm ${tones[data.status]}`}>
      <Handle type="target" position={Position.Left} isConnectable={false} />
      <div className="flex items-center justify-between gap-2">
        <span className={`truncate font-semibold ${data.status === 'removed' ? 'line-through' : ''}`}>{data.title}</span>
        {badges[data.status] ? <span className="rounded bg-white/70 px-1 text-[10px] font-medium uppercase">{badges[data.status]}</span> : null}
      </div>
      {data.title !== data.typeTitle ? <div className="text-slate-500">{data.typeTitle}</div> : null}
      {data.params.length ? (
        <ul aria-label={`Changed settings of ${data.title}`} className="mt-1 space-y-0.5">
          {data.params.map((p) => (
            <li key={p.name} className="break-words">
              <span className="font-medium">{p.name}</span>: <span className="text-red-700 line-through">{p.from}</span> → <span className="text-emerald-800">{p.to}</span>
            </li>
          ))}
        </ul>
      ) : null}
      {data.rewired ? <div className="mt-1 text-amber-800">Inputs re-wired</div> : null}
      <Handle type="source" position={Position.Right} isConnectable={false} />
    </div>
  );
});

const nodeTypes = { diff: DiffNode };

function buildDiff(before: PipelineGraph, after: PipelineGraph) {
  const diff = diffGraphs(before, after);
  const changed = new Map(diff.changed.map((c) => [c.id, c]));
  const old = new Map(before.nodes.map((n) => [n.id, n]));
  const toNode = (n: GraphNode, status: DiffStatus): DiffFlowNode => {
    const c = changed.get(n.id);
    return {
      id: n.id,
      type: 'diff',
      position: n.position,
      data: {
        title: nodeTitle(n.id, after, before),
        typeTitle: getNodeType(n.type)?.title ?? n.type,
        status,
        params: c ? paramChanges(old.get(n.id)!, n, c.params) : [],
        rewired: c?.rewired ?? false,
      },
    };
  };
  const added = new Set(diff.added);
  const nodes = [
    ...after.nodes.map((n) => toNode(n, added.has(n.id) ? 'added' : changed.has(n.id) ? 'changed' : 'same')),
    ...before.nodes.filter((n) => diff.removed.includes(n.id)).map((n) => toNode(n, 'removed')),
  ];
  const kept = new Set(after.edges.map((e) => e.id));
  const edges: Edge[] = [
    ...after.edges.map((e) => ({ id: e.id, source: e.source, target: e.target })),
    ...before.edges
      .filter((e) => !kept.has(e.id))
      .map((e) => ({ id: `removed:${e.id}`, source: e.source, target: e.target, style: { stroke: '#f87171', strokeDasharray: '6 4' } })),
  ];
  return { nodes, edges };
}

/** A read-only canvas of what changed from `before` to `after`: added green, removed ghosted red, changed amber. */
export function VersionDiffCanvas({ before, after, caption }: { before: PipelineGraph; after: PipelineGraph; caption: string }) {
  const { nodes, edges } = useMemo(() => buildDiff(before, after), [before, after]);
  return (
    <section aria-label="Version diff" className="relative h-full w-full">
      <p className="absolute left-3 top-3 z-10 rounded bg-white/90 px-2 py-1 text-xs text-slate-700 shadow">
        {caption} · <span className="text-emerald-700">green: added</span> · <span className="text-red-600">red: removed</span> ·{' '}
        <span className="text-amber-700">amber: changed</span>
      </p>
      <ReactFlowProvider>
        <ReactFlow
          nodes={nodes}
          edges={edges}
          nodeTypes={nodeTypes}
          edgeTypes={flowEdgeTypes}
          nodesDraggable={false}
          nodesConnectable={false}
          elementsSelectable={false}
          defaultEdgeOptions={{ style: { strokeWidth: 2 } }}
          fitView
          fitViewOptions={{ maxZoom: 1, padding: 0.2 }}
          minZoom={0.2}
          className="bg-slate-100"
        >
          <Background variant={BackgroundVariant.Dots} gap={18} size={1.2} color="#cbd5e1" />
          <Controls showInteractive={false} position="bottom-right" />
        </ReactFlow>
      </ReactFlowProvider>
    </section>
  );
}
