/** Teams, members, invitations, the audit log, moving and copying: extends the root types of type-defs.ts. */
export const teamTypeDefs = /* GraphQL */ `
  extend type Query {
    "Every team the signed-in user belongs to, with their role there."
    myTeams: [TeamMembership!]!
    "The active team's members (any member may see who is in the team)."
    teamMembers: [TeamMember!]!
    "The active team's open invitations (admins)."
    teamInvites: [TeamInvite!]!
    "The active team's audit log, newest first (admins). action: an exact action or a family such as 'member'."
    auditEvents(action: String, actorUserId: ID, beforeId: Int, limit: Int): AuditPage!
  }

  extend type Mutation {
    "A new team owned by the caller, who switches to it."
    createTeam(name: String!): TeamMembership!
    "Makes teamId the active team of this session."
    switchTeam(teamId: ID!): TeamMembership!
    "Invites an e-mail address with a role (admin, editor, viewer); the link is returned once."
    inviteMember(email: String!, role: String!): CreatedInvite!
    revokeInvite(id: ID!): Boolean!
    "Joins the invitation's team (the signed-in e-mail must be the invited one) and switches to it."
    acceptInvite(token: String!): TeamMembership!
    changeMemberRole(userId: ID!, role: String!): TeamMember!
    removeMember(userId: ID!): Boolean!
    "Leaves a team (the active one by default); the last owner cannot leave."
    leaveTeam(teamId: ID): Boolean!
    """
    Moves or copies a pipeline of the active team to another team of the caller's (editor in both). A copy
    with copyDatasets also copies the uploads it reads into that team (or reuses the same data already
    there) and reads those.
    """
    transferPipeline(id: ID!, toTeamId: ID!, mode: TransferMode!, copyDatasets: Boolean = false): TransferResult!
    transferDataset(id: ID!, toTeamId: ID!, mode: TransferMode!): TransferResult!
  }

  enum TransferMode {
    move
    copy
  }

  type TeamMembership {
    id: ID!
    name: String!
    role: String!
    personal: Boolean!
    active: Boolean!
  }

  type TeamMember {
    userId: ID!
    name: String!
    email: String!
    role: String!
    joinedAt: DateTime!
  }

  type TeamInvite {
    id: ID!
    email: String!
    role: String!
    status: String!
    invitedBy: String
    expiresAt: DateTime!
    createdAt: DateTime!
  }

  type CreatedInvite {
    invite: TeamInvite!
    "The one-time link; shown once, only its hash is stored."
    link: String!
    emailed: Boolean!
    emailError: String
  }

  type AuditEvent {
    id: Int!
    at: DateTime!
    action: String!
    actorUserId: ID
    actorName: String
    actorEmail: String
    actorTokenName: String
    targetType: String
    targetId: String
    targetName: String
    details: JSON
  }

  type AuditPage {
    events: [AuditEvent!]!
    "Pass the last event's id as beforeId for the next (older) page."
    more: Boolean!
  }

  type TransferResult {
    id: ID!
    name: String!
    teamId: ID!
    teamName: String!
    "Uploads of the source team the pipeline reads; the other team needs them moved or copied too."
    readsDatasets: [String!]!
    "Datasets of the other team the copied pipeline reads in place of this team's uploads (copyDatasets)."
    copiedDatasets: [String!]!
  }
`;
