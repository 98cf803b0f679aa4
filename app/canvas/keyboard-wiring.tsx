import { useStoreApi, type Connection } from '@xyflow/react';
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import type { PortDef } from '../../engine/define-node';
import { getNodeType } from '../../engine/registry';
import { connectionProblem, nodeName } from './connection-rules';
import { useEditor } from './editor-context';
import type { PipelineFlowEdge, PipelineFlowNode } from './editor-types';
import { useCarriedKind } from './wire-hints';

type Target = { connection: Connection; label: string };

/**
 * Wiring without a mouse: a button on each output opens a listbox of the inputs that would take it
 * (arrows to move, Enter to connect, Escape to close). Only compatible inputs are offered.
 */
export function ConnectOutputButton({ nodeId, nodeLabel, port }: { nodeId: string; nodeLabel: string; port: PortDef }) {
  const { dispatch } = useEditor();
  // The store itself, read when the list opens: useReactFlow would subscribe every output of every node to
  // each store update (each frame of a pan or zoom).
  const store = useStoreApi<PipelineFlowNode, PipelineFlowEdge>();
  const carried = useCarriedKind();
  const [targets, setTargets] = useState<Target[] | null>(null);
  const [active, setActive] = useState(0);
  const button = useRef<HTMLButtonElement>(null);
  const list = useRef<HTMLUListElement>(null);
  const id = useId();

  const open = () => {
    const { nodes, edges } = store.getState();
    const found: Target[] = [];
    for (const target of nodes) {
      if (target.id === nodeId) continue;
      for (const input of getNodeType(target.data.type)?.inputs ?? []) {
        const connection = { source: nodeId, sourceHandle: port.name, target: target.id, targetHandle: input.name };
        if (connectionProblem(connection, nodes, edges, getNodeType, carried) === undefined) {
          found.push({ connection, label: `${nodeName(target, getNodeType)}: ${input.label} input` });
        }
      }
    }
    setTargets(found);
    setActive(0);
  };
  const close = () => {
    setTargets(null);
    button.current?.focus();
  };
  useEffect(() => {
    if (targets) list.current?.focus();
  }, [targets]);

  const onKeyDown = (event: KeyboardEvent) => {
    if (!targets) return;
    const step: Record<string, number> = { ArrowDown: 1, ArrowUp: -1 };
    if (event.key in step && targets.length) {
      setActive((i) => (i + step[event.key]! + targets.length) % targets.length);
    } else if (event.key === 'Home' || event.key === 'End') {
      setActive(event.key === 'Home' ? 0 : Math.max(0, targets.length - 1));
    } else if (event.key === 'Enter' || event.key === ' ') {
      const chosen = targets[active];
      if (chosen) dispatch({ type: 'connected', connection: chosen.connection });
      close();
    } else if (event.key === 'Escape' || event.key === 'Tab') {
      close();
    } else return;
    event.preventDefault();
    event.stopPropagation();
  };

  const name = `Connect ${nodeLabel} output ${port.label} to…`;
  return (
    <span className="nodrag nopan nokey relative">
      <button
        ref={button}
        type="button"
        aria-label={name}
        title={name}
        aria-haspopup="listbox"
        aria-expanded={targets !== null}
        onClick={() => (targets ? close() : open())}
        className="ml-1 rounded px-0.5 text-[11px] leading-none text-slate-400 opacity-0 hover:text-indigo-600 focus-visible:opacity-100 focus-visible:outline focus-visible:outline-2 focus-visible:outline-indigo-600 group-hover:opacity-100"
      >
        →
      </button>
      {targets ? (
        <ul
          ref={list}
          role="listbox"
          tabIndex={-1}
          aria-label={`Inputs that take ${nodeLabel} ${port.label}`}
          aria-activedescendant={targets.length ? `${id}-${active}` : undefined}
          onKeyDown={onKeyDown}
          onBlur={(e) => !e.currentTarget.contains(e.relatedTarget) && setTargets(null)}
          className="absolute left-full top-0 z-20 ml-3 max-h-56 w-56 overflow-y-auto rounded-md bg-white p-1 text-left text-xs text-slate-800 shadow-lg ring-1 ring-slate-200 focus:outline-none"
        >
          {targets.length === 0 ? <li className="px-2 py-1 text-slate-500">No input on the canvas takes {port.label}. Add a step that does.</li> : null}
          {targets.map((t, i) => (
            <li
              key={`${t.connection.target}.${t.connection.targetHandle}`}
              id={`${id}-${i}`}
              role="option"
              aria-selected={i === active}
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => {
                dispatch({ type: 'connected', connection: t.connection });
                close();
              }}
              className={`cursor-pointer truncate rounded px-2 py-1 ${i === active ? 'bg-indigo-50 text-indigo-900' : 'hover:bg-slate-50'}`}
            >
              {t.label}
            </li>
          ))}
        </ul>
      ) : null}
    </span>
  );
}
