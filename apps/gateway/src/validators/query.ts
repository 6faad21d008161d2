/**
 * Validators of /v1/query (API.md §8.4, §8.5): ordered steps, first failure wins. They return
 * normalised criteria and the selector (selector semantics are the engine's).
 */
import { invalidRequest, type Criteria } from '@aicr/contracts';
import { checkAllowlists, parseCriteriaQuery, parseCriteriaSpec, type Allowlists } from '@aicr/recipe-engine';
import { firstParam } from '../parsing';
import { isEmptyBody, isObject, parseBody, queryBodyFormat } from './body';
import { criteriaParams } from './criteria-params';

export interface QueryRequest {
  criteria: Criteria;
  selector: string;
}

const BODY_MESSAGE = 'Invalid query request body';

/** GET /v1/query (§8.4). */
export function validateQueryQuery(query: unknown, allowlists: Allowlists): QueryRequest {
  // 1. criteria, as GET /v1/recipe but with this endpoint's message
  const criteria = parseCriteriaQuery(criteriaParams(query), 'Invalid query criteria');
  // 2. allowlists (§7: /v1/query serves the same content, so it is guarded too)
  checkAllowlists(criteria, allowlists);
  // 3. selector: absent = empty = the whole hydrated recipe
  return { criteria, selector: firstParam(query, 'selector') ?? '' };
}

/** POST /v1/query (§8.5). */
export function validateQueryBody(body: unknown, contentType: string | undefined, allowlists: Allowlists): QueryRequest {
  // 1. empty body
  if (isEmptyBody(body)) throw invalidRequest(BODY_MESSAGE, { error: 'request body cannot be empty' });
  // 2. JSON when the media type mentions json, YAML otherwise
  const doc = parseBody(body, queryBodyFormat(contentType), BODY_MESSAGE);
  // 3. shape: an object whose selector, when given, is a string (upstream's decode step)
  if (!isObject(doc)) throw invalidRequest(BODY_MESSAGE, { error: 'request body must be an object' });
  const selector = doc.selector ?? '';
  if (typeof selector !== 'string') throw invalidRequest(BODY_MESSAGE, { error: 'selector must be a string' });
  // 4. criteria present
  if (doc.criteria === undefined || doc.criteria === null) throw invalidRequest('Query criteria cannot be empty');
  // 5. criteria values (omitted fields → any, nodes an integer ≥ 0)
  const criteria = parseCriteriaSpec(doc.criteria, 'Invalid criteria in request body');
  // 6. allowlists
  checkAllowlists(criteria, allowlists);
  return { criteria, selector };
}
