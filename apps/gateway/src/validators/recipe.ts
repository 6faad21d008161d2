/**
 * Validators of /v1/recipe (API.md §8.2, §8.3): one ordered step per table row, the first
 * failure wins. They return normalised criteria or throw AicrError.
 */
import { API_VERSION, invalidRequest, type Criteria } from '@aicr/contracts';
import { checkAllowlists, describeValue, parseCriteriaQuery, parseCriteriaSpec, type Allowlists } from '@aicr/recipe-engine';
import { isEmptyBody, isObject, parseBody, recipeBodyFormat } from './body';
import { criteriaParams } from './criteria-params';

export const RECIPE_CRITERIA_MESSAGE = 'Invalid recipe criteria';
const RECIPE_CRITERIA_KIND = 'RecipeCriteria';

/** GET /v1/recipe (§8.2). */
export function validateRecipeQuery(query: unknown, allowlists: Allowlists): Criteria {
  // 1. enums, aliases, case folding, nodes syntax (gpu → accelerator when accelerator is empty)
  const criteria = parseCriteriaQuery(criteriaParams(query), RECIPE_CRITERIA_MESSAGE);
  // 2. allowlists (§7), after syntax
  checkAllowlists(criteria, allowlists);
  return criteria;
}

const given = (v: unknown) => v !== undefined && v !== null && v !== '';

/** POST /v1/recipe (§8.3). */
export function validateRecipeBody(body: unknown, contentType: string | undefined, allowlists: Allowlists): Criteria {
  const fail = (error: string) => invalidRequest(RECIPE_CRITERIA_MESSAGE, { error });
  // 1. empty body
  if (isEmptyBody(body)) throw fail('request body is empty');
  // 2. JSON or YAML by Content-Type; an unknown type is tried as JSON and the failure says so
  const { format, unsupported } = recipeBodyFormat(contentType);
  const note = unsupported ? `unsupported Content-Type "${unsupported}" (tried as JSON): ` : '';
  const doc = parseBody(body, format, RECIPE_CRITERIA_MESSAGE, note);
  // 3. the document must be a mapping (H9)
  if (!isObject(doc)) throw fail('request body must be a RecipeCriteria object');
  // 4. kind, when given
  if (given(doc.kind) && doc.kind !== RECIPE_CRITERIA_KIND) {
    // describeValue, not String(v): that would call a body-supplied `toString` ({"toString":1} → 500).
    throw fail(`invalid kind ${describeValue(doc.kind)}, expected "${RECIPE_CRITERIA_KIND}"`);
  }
  // 5. apiVersion, when given
  if (given(doc.apiVersion) && doc.apiVersion !== API_VERSION) {
    throw fail(`invalid apiVersion ${describeValue(doc.apiVersion)}, expected "${API_VERSION}"`);
  }
  // 6. spec: missing or null → all any; fields validated like the query (no gpu alias)
  const criteria = parseCriteriaSpec(doc.spec ?? {}, RECIPE_CRITERIA_MESSAGE);
  // 7. allowlists
  checkAllowlists(criteria, allowlists);
  return criteria;
}
