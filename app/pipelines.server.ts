import { json, redirect, type AppLoadContext } from '@remix-run/node';
import { z } from 'zod';
import { createPipeline, deletePipeline, distinctName, listNamesLike, renamePipeline } from '../db/queries/pipelines';
import { canEdit } from '../db/queries/teams';
import { pipelineNameSchema } from '../engine/graph-types';
import { findExamplePipeline } from '../engine/samples/example-pipelines';
import type { Viewer } from './auth.server';

const nameField = pipelineNameSchema;
const actionSchema = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('create'), name: nameField }),
  z.object({ intent: z.literal('rename'), id: z.string(), name: nameField }),
  z.object({ intent: z.literal('delete'), id: z.string() }),
  z.object({ intent: z.literal('example'), example: z.string() }),
]);

/** Create / rename / delete from the pipelines page; every change is scoped to the viewer's team. */
export async function handlePipelineAction(form: FormData, viewer: Viewer, context: AppLoadContext) {
  if (!canEdit(viewer.team)) return json({ error: 'Your role in this team is read-only.' }, { status: 403 });
  const parsed = actionSchema.safeParse(Object.fromEntries(form));
  if (!parsed.success) return json({ error: parsed.error.issues[0]!.message }, { status: 400 });
  const { db } = context.services;
  const input = parsed.data;
  if (input.intent === 'create') {
    const pipeline = await createPipeline(db, viewer.team.id, viewer.user.id, input.name);
    return redirect(`/pipelines/${pipeline.id}`);
  }
  if (input.intent === 'example') {
    const example = findExamplePipeline(input.example);
    if (!example) return json({ error: 'That example does not exist.' }, { status: 400 });
    const name = distinctName(example.title, await listNamesLike(db, viewer.team.id, example.title));
    const pipeline = await createPipeline(db, viewer.team.id, viewer.user.id, name, structuredClone(example.graph));
    return redirect(`/pipelines/${pipeline.id}`);
  }
  const ok =
    input.intent === 'rename'
      ? Boolean(await renamePipeline(db, viewer.team.id, input.id, input.name))
      : await deletePipeline(db, viewer.team.id, input.id, { userId: viewer.user.id });
  if (!ok) return json({ error: 'That pipeline no longer exists in your team.' }, { status: 404 });
  return json({ error: null });
}
