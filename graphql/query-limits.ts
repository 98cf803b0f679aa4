import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import type { GraphQLArmorRejectCallback } from '@escape.tech/graphql-armor-types';
import type { Plugin } from 'graphql-yoga';
import { createGraphQLError } from 'graphql-yoga';
import { resultSizeRule } from './result-size-limit';
import type { ASTVisitor, FieldNode, ValidationContext } from 'graphql';

/**
 * What one GraphQL operation may ask for. Every query the app sends stays far below these (the largest,
 * a pipeline with its runs and their node runs, is depth 4, ~40 tokens, cost < 200); a flood of aliases
 * or a deeply nested query is refused while parsing or validating, before any resolver runs.
 */
export const QUERY_LIMITS = {
  /** Lexer tokens in the document: the first and cheapest check, applied while parsing. */
  maxTokens: 1000,
  maxDepth: 8,
  maxAliases: 15,
  maxDirectives: 10,
  /** graphql-armor's static cost: 2 per object field, 1 per scalar, ×1.5 per level of nesting. */
  maxCost: 5000,
  /** Request body of POST /graphql; a saved graph is at most MAX_GRAPH_JSON_BYTES of this. */
  maxBodyBytes: 4 * 1024 * 1024,
} as const;

export const LIMIT_CODE = 'QUERY_LIMIT_EXCEEDED';

/** armor reports limits as "Syntax Error: …", which sends users looking for a typo; say what happened instead. */
const refuse: GraphQLArmorRejectCallback = (_ctx, error) => {
  const what = error.message.replace(/^Syntax Error:\s*/, '');
  throw createGraphQLError(`Query refused before running: ${what} Ask for less in one operation, or split it into several.`, {
    extensions: { code: LIMIT_CODE, http: { status: 400 } },
  });
};

const armorRule = { exposeLimits: true, propagateOnRejection: false, onReject: [refuse] };

/**
 * graphql's NoSchemaIntrospectionCustomRule, rebuilt on createGraphQLError: a rule imported from 'graphql'
 * can come from its other (ESM/CJS) copy, whose errors yoga does not recognise and masks.
 */
function refuseIntrospection(context: ValidationContext): ASTVisitor {
  return {
    Field(node: FieldNode) {
      if (node.name.value !== '__schema' && node.name.value !== '__type') return;
      context.reportError(
        createGraphQLError(`GraphQL introspection is turned off on this server, so "${node.name.value}" cannot be queried. Operators can set GRAPHQL_INTROSPECTION=true.`, {
          nodes: [node],
          extensions: { code: 'INTROSPECTION_DISABLED' },
        }),
      );
    },
  };
}

/** The armor plugins, the result-size rule and, when introspection is off, a rule refusing __schema/__type and no "Did you mean" hints. */
export function queryLimitPlugins(opts: { introspection: boolean }): Plugin[] {
  const armor = EnvelopArmorPlugin({
    maxTokens: { ...armorRule, n: QUERY_LIMITS.maxTokens },
    maxDepth: { ...armorRule, n: QUERY_LIMITS.maxDepth, ignoreIntrospection: true, flattenFragments: true },
    maxAliases: { ...armorRule, n: QUERY_LIMITS.maxAliases },
    maxDirectives: { ...armorRule, n: QUERY_LIMITS.maxDirectives },
    costLimit: { ...armorRule, maxCost: QUERY_LIMITS.maxCost, ignoreIntrospection: true, flattenFragments: true },
    // Suggestions leak field names, which is what turning introspection off hides.
    blockFieldSuggestion: { enabled: !opts.introspection },
  }) as Plugin;
  const resultSize: Plugin = { onValidate: ({ addValidationRule }) => addValidationRule(resultSizeRule) };
  if (opts.introspection) return [armor, resultSize];
  const noIntrospection: Plugin = { onValidate: ({ addValidationRule }) => addValidationRule(refuseIntrospection) };
  return [armor, resultSize, noIntrospection];
}
