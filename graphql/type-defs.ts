/** One generic PipelineNode shape and a nodeTypes query: node types are data from engine/registry, never GraphQL types. */
export const typeDefs = /* GraphQL */ `
  scalar JSON
  scalar DateTime

  type Query {
    me: Viewer
    "Newest first. limit: default 50, at most 200."
    pipelines(limit: Int, offset: Int): [Pipeline!]!
    pipeline(id: ID!): Pipeline
    nodeTypes: [NodeType!]!
    "Samples first, then uploads. limit: default 100, at most 200."
    datasets(limit: Int, offset: Int): [DatasetOption!]!
    """
    A dataset's schema (team-scoped), fetched when it is picked; null when there is no such dataset. A URL ref
    ({"source": "url", "url", "format"}) is fetched (address checks and limits apply) and read; a URL that
    cannot be read fails with BAD_USER_INPUT and a message saying why.
    """
    datasetSchema(ref: JSON!): JSON
    run(id: ID!): Run
    """
    The team's runs, newest first, and how many match. Filters (all optional): pipelineId; status: queued,
    running, succeeded, failed or cancelled; trigger: manual, schedule or api. limit: default 25, at most 100.
    """
    runs(pipelineId: ID, status: String, trigger: String, limit: Int, offset: Int): RunPage!
    system: SystemStatus!
    """
    A node's output on sample rows of the unsaved graph, computed like a run (team-scoped; datasets must be
    the team's). sample: {"mode": "head"|"random", "rows", "seed"}; default the graph's settings.sample, else
    the first 1,000 rows. Errors of the graph's nodes come back as {status: "error", failedNodeId, message}.
    """
    preview(pipelineId: ID!, graph: JSON!, nodeId: ID!, sample: JSON): JSON!
    """
    Rows offset to offset + limit (at most 1,000) of one table of the same preview, for the grid as it
    scrolls past the preview's first window: port names the output; part is "train" or "test" for a split.
    Rows stop at the preview's row cap; an answer over the byte cap carries fewer rows (rowsSent says how many).
    """
    previewRows(pipelineId: ID!, graph: JSON!, nodeId: ID!, sample: JSON, port: String!, part: String, offset: Int!, limit: Int!): JSON!
    """
    A run's stored output of one step, shaped as a preview (the same grid, caps and column stats), read from
    the run's stored results: nothing is computed. {status: "unavailable", message} when the step has no stored
    output (it failed, was skipped, is still running, or its output was deleted). NOT_FOUND for another team's run.
    """
    runOutput(runId: ID!, nodeId: ID!): JSON!
    "Rows offset to offset + limit (at most 1,000) of one table of runOutput, as previewRows is to preview."
    runOutputRows(runId: ID!, nodeId: ID!, port: String!, part: String, offset: Int!, limit: Int!): JSON!
    "The team's stored node outputs (the output cache), or those one pipeline's runs produced."
    storedOutputs(pipelineId: ID): StoredOutputs!
  }

  type Mutation {
    createPipeline(name: String!): Pipeline!
    renamePipeline(id: ID!, name: String!): Pipeline!
    deletePipeline(id: ID!): Boolean!
    """
    Saves the draft as a new revision. With baseRevision (the revision the editor started from), a draft
    saved meanwhile by someone else (another tab, a teammate) refuses the save with code CONFLICT and the
    current draft in extensions {revision, graph, updatedAt}, so the caller can merge instead of overwriting.
    """
    savePipelineGraph(pipelineId: ID!, graph: JSON!, baseRevision: Int): Pipeline!
    "Keeps a named version: of the given graph, or of the saved draft when graph is omitted."
    createCheckpoint(pipelineId: ID!, name: String!, graph: JSON): PipelineVersion!
    "Saves an earlier version's graph as the draft's new revision; history is never rewritten. baseRevision as in savePipelineGraph."
    restorePipelineVersion(pipelineId: ID!, version: Int!, baseRevision: Int): Pipeline!
    """
    Runs the saved draft. With an idempotencyKey (one per Run intent, e.g. a UUID), repeating the call returns
    the run the first call started. force: recompute every node, ignoring stored outputs.
    """
    startRun(pipelineId: ID!, idempotencyKey: String, force: Boolean): Run!
    """
    Runs the same pinned version as an earlier run. With fromNodeId, nodes that do not depend on that node reuse
    the earlier run's outputs (where they succeeded) and only that node and what follows it run again.
    """
    rerunRun(runId: ID!, fromNodeId: ID, idempotencyKey: String, force: Boolean): Run!
    """
    Stops a queued or running run within seconds: queued nodes never start, running nodes stop at their next
    batch, epoch or tree, and the run ends cancelled. Safe to repeat (a cancelled run is returned as it is); a run
    that already succeeded or failed is refused with BAD_USER_INPUT saying so.
    """
    cancelRun(runId: ID!): Run!
    "Stored outputs unused for this many days (1 to 3650) are deleted. Owner or editor."
    setOutputRetention(days: Int!): StoredOutputs!
    """
    Deletes the team's stored outputs (or those of one pipeline's runs) and answers what was freed; later runs
    compute those nodes again. Outputs a registered model references are kept. Owner or editor.
    """
    deleteStoredOutputs(pipelineId: ID): StoredOutputs!
  }

  type Subscription {
    "Replays events after afterSeq, then streams live ones; completes after the run's final status."
    runEvents(runId: ID!, afterSeq: Int): RunEvent!
    """
    The team's runs as they are created, start and end (the run's state after the change; several changes
    close together may arrive as one). Never another team's runs.
    """
    teamRunUpdates: Run!
  }

  type StoredOutputs {
    "Stored outputs (one per node result kept for reuse)."
    entries: Int!
    bytes: Float!
    retentionDays: Int!
  }

  type Viewer {
    id: ID!
    email: String!
    name: String!
    team: Team!
  }

  type Team {
    id: ID!
    name: String!
    role: String!
  }

  type Pipeline {
    id: ID!
    name: String!
    graph: JSON!
    nodes: [PipelineNode!]!
    updatedAt: DateTime!
    "Bumped by every savePipelineGraph; pass it back as baseRevision."
    revision: Int!
    "Newest first. limit: default 10, at most 100."
    runs(limit: Int, offset: Int): [Run!]!
    "Versions pinned by runs and named checkpoints, newest first. limit: default 20, at most 20 (each carries its graph)."
    versions(limit: Int, offset: Int): [PipelineVersion!]!
  }

  type PipelineVersion {
    id: ID!
    version: Int!
    "run (pinned by a run) or checkpoint (saved by hand)"
    kind: String!
    name: String
    "The author's email; null when the account was deleted."
    author: String
    createdAt: DateTime!
    runId: ID
    graph: JSON!
  }

  type PipelineNode {
    id: ID!
    type: String!
    version: Int!
    label: String
    note: String
    params: JSON!
  }

  type NodeType {
    type: String!
    version: Int!
    title: String!
    category: String!
    description: String!
    inputs: JSON!
    outputs: JSON!
    "JSON Schema of the node's parameters, with UI hints."
    paramsSchema: JSON!
  }

  type DatasetOption {
    ref: JSON!
    label: String!
    rowCount: Int!
    columnCount: Int!
    "Only for bundled samples; ask datasetSchema(ref) for one upload's schema (a list never carries them all)."
    schema: JSON
  }

  type Run {
    id: ID!
    pipelineId: ID!
    status: String!
    error: String
    createdAt: DateTime!
    startedAt: DateTime
    finishedAt: DateTime
    nodes: [NodeRun!]!
    "1 for the pipeline's first run, counted by start order."
    number: Int!
    pipelineName: String!
    "manual, schedule or api"
    trigger: String!
    "Who started it (manual and api runs); null for a scheduled run or a deleted account."
    startedBy: RunStarter
    "The schedule whose tick started it; null when it was not scheduled or the schedule was deleted."
    schedule: RunSchedule
    "Milliseconds from start to end; for a run still going, so far; null until it starts."
    durationMs: Float
    "The pinned version the run executes."
    pipelineVersionId: ID!
    pipelineVersion: Int!
    "The run this one repeats (rerunRun), and the node it was rerun from."
    rerunOfRunId: ID
    rerunFromNodeId: ID
    "Every node recomputed, ignoring stored outputs."
    force: Boolean!
    cancelRequestedAt: DateTime
  }

  type RunPage {
    runs: [Run!]!
    "How many runs match the filters in all."
    total: Int!
    hasMore: Boolean!
  }

  type RunStarter {
    name: String!
    email: String!
  }

  type RunSchedule {
    id: ID!
    cron: String!
    "IANA time zone the cron expression is read in."
    timezone: String!
    "In words, e.g. Every day at 02:00 Europe/Paris."
    description: String!
  }

  type NodeRun {
    nodeId: ID!
    nodeType: String!
    status: String!
    attempt: Int!
    progress: Float!
    error: String
    summary: JSON
    "Every failed attempt, oldest first: a dead_letter node has one per retry."
    attempts: [NodeAttempt!]!
  }

  type NodeAttempt {
    attempt: Int!
    error: String!
    at: DateTime!
    "The worker process that ran the attempt."
    worker: ID
  }

  "Workers, queues and the database, for the Status page. Workers and queues are shared by every team; runs shown are the viewer's team's."
  type SystemStatus {
    liveWorkers: Int!
    "Newest heartbeat of any worker, live or not; null when no worker ever ran."
    lastHeartbeatAt: DateTime
    checkedAt: DateTime!
    "Worker processes that beat in the last hour: live ones first."
    workers: [WorkerStatus!]!
    "Jobs per pg-boss queue."
    queues: [QueueDepth!]!
    "The team's ten latest failed or dead-lettered nodes, newest first."
    recentFailures: [FailedNode!]!
    database: DatabaseHealth!
  }

  type WorkerStatus {
    id: ID!
    pid: Int!
    host: String!
    concurrency: Int!
    startedAt: DateTime!
    heartbeatAt: DateTime!
    heartbeatAgeSeconds: Float!
    "live, draining (stopping: takes no new nodes), or lost (missed three heartbeats)."
    state: String!
    "Nodes of every team it runs now."
    runningCount: Int!
    "The viewer's team's nodes among them."
    running: [RunningNode!]!
  }

  type RunningNode {
    runId: ID!
    pipelineId: ID!
    pipelineName: String!
    nodeId: ID!
    nodeType: String!
    startedAt: DateTime!
    progress: Float!
  }

  type QueueDepth {
    name: String!
    "Jobs waiting for a worker (created or waiting to retry)."
    waiting: Int!
    active: Int!
    failed: Int!
  }

  type FailedNode {
    runId: ID!
    pipelineId: ID!
    pipelineName: String!
    nodeId: ID!
    nodeType: String!
    "failed or dead_letter"
    status: String!
    error: String
    finishedAt: DateTime
  }

  type DatabaseHealth {
    reachable: Boolean!
    "One round trip from this web process, in milliseconds."
    latencyMs: Float
    connections: Int
    maxConnections: Int
  }

  type RunEvent {
    seq: Int!
    type: String!
    nodeId: ID
    status: String
    progress: Float
    message: String
    payload: JSON
    at: DateTime!
  }

  extend type Query {
    "The team's schedules, oldest first; of one pipeline when pipelineId is given. limit: default 100, at most 200."
    schedules(pipelineId: ID, limit: Int, offset: Int): [Schedule!]!
    """
    The next count (default 5, at most 20) times a cron expression fires in a time zone, for the schedule form's
    preview. A bad expression or unknown zone fails with BAD_USER_INPUT (extensions.argument names which).
    """
    scheduleNextRuns(cron: String!, timezone: String!, count: Int): [DateTime!]!
  }

  extend type Mutation {
    createSchedule(pipelineId: ID!, input: ScheduleInput!): Schedule!
    "Replaces the schedule's settings; the next tick is counted from now."
    updateSchedule(id: ID!, input: ScheduleInput!): Schedule!
    deleteSchedule(id: ID!): Boolean!
    "Stops firing ticks; ticks waiting for a previous run are dropped (skipped_paused)."
    pauseSchedule(id: ID!): Schedule!
    "Re-enables a schedule (also one the system paused); ticks that passed while paused do not run."
    resumeSchedule(id: ID!): Schedule!
  }

  "Which graph a scheduled run executes: the latest saved draft, or one pinned version."
  enum ScheduleVersionMode { latest pinned }
  "A tick while the schedule's previous run is still going: skip it, or run it when that run ends."
  enum ScheduleOverlap { skip queue }
  "Ticks missed while no worker was up: one catch-up run at start-up, or none."
  enum ScheduleMissedTicks { run_once skip }

  input ScheduleInput {
    "5 fields (minute hour day-of-month month day-of-week), or 6 with seconds first."
    cron: String!
    "IANA time zone, e.g. Europe/Paris."
    timezone: String!
    enabled: Boolean = true
    versionMode: ScheduleVersionMode = latest
    "Required when versionMode is pinned: the id of one of the pipeline's versions."
    pinnedVersionId: ID
    overlap: ScheduleOverlap = skip
    missedTicks: ScheduleMissedTicks = skip
  }

  type Schedule {
    id: ID!
    pipelineId: ID!
    pipelineName: String!
    cron: String!
    timezone: String!
    "In words, e.g. Every day at 02:00 Europe/Paris."
    description: String!
    enabled: Boolean!
    "Why the system paused it (e.g. the pipeline no longer validates); null when running or paused by a person."
    pausedReason: String
    versionMode: ScheduleVersionMode!
    pinnedVersionId: ID
    pinnedVersion: Int
    overlap: ScheduleOverlap!
    missedTicks: ScheduleMissedTicks!
    nextRunAt: DateTime
    lastRunAt: DateTime
    lastTick: ScheduleTick
    "Newest first; limit default 10, at most 50."
    ticks(limit: Int): [ScheduleTick!]!
    createdAt: DateTime!
  }

  type ScheduleTick {
    tickAt: DateTime!
    "started, queued (waiting for the previous run), skipped_overlap, skipped_missed, skipped_paused or paused_invalid"
    outcome: String!
    runId: ID
    message: String
  }
`;
