/**
 * What the OpenAPI document says about each route (API.md §8), keyed by method and path. The
 * route files keep only what fastify must enforce; the documentation — parameters, bodies and
 * every response shape the service really emits (RecipeResult, the envelope, …) — is attached
 * here from the contracts' TypeBox schemas, through fastify-swagger's `transform`, so it never
 * changes how a request is validated.
 */
import {
  AnyJson,
  BundleQueryParams,
  ErrorEnvelope,
  QueryQueryParams,
  QueryRequestBody,
  RecipeCriteriaBody,
  RecipeQueryParams,
  RecipeResult,
  ServiceInfoBody,
} from '@aicr/contracts';
import { Type } from 'typebox';
import { HealthBody, ReadyBody } from '../routes/health';
import { ALLOW, BUNDLE_HEADERS, CACHE_CONTROL, CHAIN_HEADERS, PLAIN_HEADERS, RETRY_AFTER } from './headers';

type Schema = Record<string, unknown>;

/** Shared schemas, added to the app so the document names them under components.schemas. */
export const SHARED_SCHEMAS = [ErrorEnvelope, RecipeResult, RecipeCriteriaBody, QueryRequestBody, ServiceInfoBody];
const ref = (schema: object) => ({ $ref: `${(schema as { $id: string }).$id}#` });

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid request (envelope, code INVALID_REQUEST)',
  404: 'Not found (envelope, code NOT_FOUND)',
  405: 'Method not allowed (envelope, code METHOD_NOT_ALLOWED; Allow header)',
  408: 'Request not received in time (envelope, code INVALID_REQUEST)',
  413: 'Request body (or generated archive) too large (envelope, code INVALID_REQUEST)',
  429: 'Rate limit exceeded (envelope, code RATE_LIMIT_EXCEEDED; Retry-After: 1)',
  500: 'Internal error (envelope, code INTERNAL_ERROR)',
  503: 'A dependency is unavailable or the gateway is overloaded (envelope, code SERVICE_UNAVAILABLE; Retry-After)',
  504: 'Deadline exceeded (envelope, code TIMEOUT)',
};

function json(schema: unknown, description: string, headers: Schema = CHAIN_HEADERS): Schema {
  return { description, headers, content: { 'application/json': { schema } } };
}

function errors(...statuses: number[]): Schema {
  return Object.fromEntries(
    statuses.map((status) => {
      const extra = status === 429 || status === 503 ? RETRY_AFTER : status === 405 ? ALLOW : {};
      return [status, json(ref(ErrorEnvelope), ERROR_DESCRIPTIONS[status], { ...CHAIN_HEADERS, ...extra })];
    }),
  );
}

/** /ready's two answers, each with its own status value (the route's schema allows both). */
const withStatus = (status: string) => ({ ...ReadyBody, properties: { ...ReadyBody.properties, status: Type.Literal(status) } });
const READY = withStatus('ready');
const NOT_READY = withStatus('not_ready');

/** Every route of the chain accepts a request ID (API.md §2.1). */
const REQUEST_ID = Type.Object({
  'X-Request-Id': Type.Optional(Type.String({ description: 'A UUID to use as the request ID; anything else is replaced by a fresh one.' })),
});

/** Errors any route of the chain can answer: limiter, exception, load shedding. */
const CHAIN_ERRORS = [429, 500, 503];
const RECIPE_ERRORS = [400, ...CHAIN_ERRORS, 504];

const recipe200 = json(ref(RecipeResult), 'The recipe (RecipeResult)', { ...CHAIN_HEADERS, ...CACHE_CONTROL });
const query200 = json(AnyJson, 'The value at the selector', { ...CHAIN_HEADERS, ...CACHE_CONTROL });
const textBody = (description: string) => ({ type: 'string', description });

export const ROUTE_DOCS: Record<string, Schema> = {
  'GET /': {
    headers: REQUEST_ID,
    tags: ['Service'],
    operationId: 'getRoot',
    summary: 'Service name, version and API routes',
    response: { 200: json(ref(ServiceInfoBody), 'Service information'), ...errors(...CHAIN_ERRORS) },
  },
  'GET /v1/recipe': {
    headers: REQUEST_ID,
    tags: ['Recipes'],
    operationId: 'getRecipe',
    summary: 'Recipe for the criteria in the query string',
    querystring: RecipeQueryParams,
    response: { 200: recipe200, ...errors(...RECIPE_ERRORS) },
  },
  'POST /v1/recipe': {
    headers: REQUEST_ID,
    tags: ['Recipes'],
    operationId: 'createRecipe',
    summary: 'Recipe for a RecipeCriteria document (JSON or YAML)',
    body: { content: { 'application/json': { schema: ref(RecipeCriteriaBody) }, 'application/x-yaml': { schema: ref(RecipeCriteriaBody) } } },
    response: { 200: recipe200, ...errors(413, ...RECIPE_ERRORS) },
  },
  'GET /v1/query': {
    headers: REQUEST_ID,
    tags: ['Recipes'],
    operationId: 'getQuery',
    summary: 'Value at a selector in the hydrated recipe',
    querystring: QueryQueryParams,
    response: { 200: query200, ...errors(404, ...RECIPE_ERRORS) },
  },
  'POST /v1/query': {
    headers: REQUEST_ID,
    tags: ['Recipes'],
    operationId: 'createQuery',
    summary: 'Value at a selector, criteria and selector in the body (JSON or YAML)',
    body: { content: { 'application/json': { schema: ref(QueryRequestBody) }, 'application/x-yaml': { schema: ref(QueryRequestBody) } } },
    response: { 200: query200, ...errors(404, 413, ...RECIPE_ERRORS) },
  },
  'POST /v1/bundle': {
    headers: REQUEST_ID,
    tags: ['Bundles'],
    operationId: 'createBundle',
    summary: 'Deployment bundle (zip) for a recipe',
    querystring: BundleQueryParams,
    body: { content: { 'application/json': { schema: ref(RecipeResult) } } },
    response: {
      200: {
        description: 'The bundle archive',
        headers: { ...CHAIN_HEADERS, ...BUNDLE_HEADERS },
        content: { 'application/zip': { schema: { type: 'string', format: 'binary' } } },
      },
      ...errors(400, 413, ...CHAIN_ERRORS, 504),
    },
  },
  'GET /health': {
    tags: ['Health'],
    operationId: 'healthCheck',
    summary: 'Liveness',
    response: { 200: json(HealthBody, 'Alive', PLAIN_HEADERS) },
  },
  'GET /ready': {
    tags: ['Health'],
    operationId: 'readinessCheck',
    summary: 'Readiness',
    response: { 200: json(READY, 'Ready', PLAIN_HEADERS), 503: json(NOT_READY, 'Not ready (starting, shutting down, recipe service unreachable)', PLAIN_HEADERS) },
  },
  'GET /metrics': {
    tags: ['Health'],
    operationId: 'getMetrics',
    summary: 'Prometheus metrics',
    produces: ['text/plain'],
    response: { 200: { description: 'Prometheus text exposition 0.0.4', headers: PLAIN_HEADERS, content: { 'text/plain': { schema: textBody('Prometheus text format') } } } },
  },
  'GET /openapi.json': {
    headers: REQUEST_ID,
    tags: ['Service'],
    operationId: 'getOpenApi',
    summary: 'This OpenAPI 3.1 document',
    response: { 200: json({ type: 'object', description: 'OpenAPI 3.1 document' }, 'The document'), ...errors(...CHAIN_ERRORS) },
  },
};
