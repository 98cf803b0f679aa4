import { createGraphQLError } from 'graphql-yoga';
import { actorOf, inviteToTeam } from '../../app/team-actions.server';
import { listAuditEvents } from '../../db/queries/team-audit-log';
import { listInvites, acceptInvite, revokeInvite } from '../../db/queries/team-invites';
import { changeMemberRole, createTeam, leaveTeam, listMembers, listMyTeams, removeMember, switchTeam } from '../../db/queries/team-members';
import type { TeamResult } from '../../db/queries/team-result';
import { transferDataset, transferPipeline, type TransferMode } from '../../db/queries/team-transfer';
import { requireRole, requireViewer, type GraphQLContext } from '../context';

/** A refusal from db/queries becomes a GraphQL error with the same code and message. */
function unwrap<T>(result: TeamResult<T>): T {
  if (result.ok) return result.value;
  throw createGraphQLError(result.error, { extensions: { code: result.code } });
}

const AUDIT_PAGE_MAX = 200;

export const teamResolvers = {
  Query: {
    myTeams: async (_: unknown, __: unknown, ctx: GraphQLContext) => {
      const viewer = requireViewer(ctx);
      return (await listMyTeams(ctx.services.db, viewer.user.id)).map((t) => ({ ...t, active: t.id === viewer.team.id }));
    },
    teamMembers: (_: unknown, __: unknown, ctx: GraphQLContext) => listMembers(ctx.services.db, requireViewer(ctx).team.id),
    teamInvites: (_: unknown, __: unknown, ctx: GraphQLContext) => listInvites(ctx.services.db, requireRole(ctx, 'admin').team.id),
    auditEvents: (_: unknown, args: { action?: string | null; actorUserId?: string | null; beforeId?: number | null; limit?: number | null }, ctx: GraphQLContext) => {
      const viewer = requireRole(ctx, 'admin');
      const limit = Math.min(Math.max(args.limit ?? 50, 1), AUDIT_PAGE_MAX);
      return listAuditEvents(ctx.services.db, viewer.team.id, args, limit);
    },
  },
  Mutation: {
    createTeam: async (_: unknown, args: { name: string }, ctx: GraphQLContext) => {
      const viewer = requireViewer(ctx);
      const team = unwrap(await createTeam(ctx.services.db, viewer.user.id, viewer.session.id, args.name));
      return { ...team, role: 'owner', personal: false, active: true };
    },
    switchTeam: async (_: unknown, args: { teamId: string }, ctx: GraphQLContext) => {
      const viewer = requireViewer(ctx);
      const team = unwrap(await switchTeam(ctx.services.db, viewer.user.id, viewer.session.id, args.teamId));
      return { ...team, active: true };
    },
    inviteMember: async (_: unknown, args: { email: string; role: string }, ctx: GraphQLContext) =>
      unwrap(await inviteToTeam(ctx.services, requireRole(ctx, 'admin'), args, null)),
    revokeInvite: async (_: unknown, args: { id: string }, ctx: GraphQLContext) => {
      unwrap(await revokeInvite(ctx.services.db, actorOf(requireRole(ctx, 'admin')), args.id));
      return true;
    },
    acceptInvite: async (_: unknown, args: { token: string }, ctx: GraphQLContext) => {
      const viewer = requireViewer(ctx);
      const joined = unwrap(await acceptInvite(ctx.services.db, viewer.user, viewer.session.id, args.token));
      return { id: joined.teamId, name: joined.teamName, role: joined.role, personal: false, active: true };
    },
    changeMemberRole: async (_: unknown, args: { userId: string; role: string }, ctx: GraphQLContext) => {
      const viewer = requireRole(ctx, 'admin');
      unwrap(await changeMemberRole(ctx.services.db, actorOf(viewer), args.userId, args.role));
      return (await listMembers(ctx.services.db, viewer.team.id)).find((m) => m.userId === args.userId);
    },
    removeMember: async (_: unknown, args: { userId: string }, ctx: GraphQLContext) => {
      unwrap(await removeMember(ctx.services.db, actorOf(requireRole(ctx, 'admin')), args.userId));
      return true;
    },
    leaveTeam: async (_: unknown, args: { teamId?: string | null }, ctx: GraphQLContext) => {
      const viewer = requireViewer(ctx);
      unwrap(await leaveTeam(ctx.services.db, viewer.user.id, args.teamId ?? viewer.team.id));
      return true;
    },
    transferPipeline: async (_: unknown, args: { id: string; toTeamId: string; mode: TransferMode; copyDatasets?: boolean | null }, ctx: GraphQLContext) => {
      const viewer = requireRole(ctx, 'editor');
      const mover = { userId: viewer.user.id, fromTeamId: viewer.team.id };
      return unwrap(await transferPipeline(ctx.services.db, mover, args.id, args.toTeamId, args.mode, { copyDatasets: args.copyDatasets ?? false }));
    },
    transferDataset: async (_: unknown, args: { id: string; toTeamId: string; mode: TransferMode }, ctx: GraphQLContext) => {
      const viewer = requireRole(ctx, 'editor');
      const result = unwrap(await transferDataset(ctx.services.db, { userId: viewer.user.id, fromTeamId: viewer.team.id }, args.id, args.toTeamId, args.mode));
      return { ...result, readsDatasets: [], copiedDatasets: [] };
    },
  },
};
