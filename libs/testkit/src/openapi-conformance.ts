import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

/**
 * Checks real answers against a service's OpenAPI document: the status must be declared for
 * the route, and the body must validate against the schema declared for that status and media
 * type. Wrap a test's HTTP client with it, and the declarations cannot drift from the code.
 */
interface MediaObject {
  schema: object;
}
interface ResponseObject {
  content?: Record<string, MediaObject>;
}
export interface OpenApiDocument {
  paths: Record<string, Record<string, { responses: Record<string, ResponseObject> }>>;
  components?: object;
}
export interface AnswerToCheck {
  status: number;
  headers: Headers;
  body: unknown;
}

/** `/calls/{id}/ranking` → a matcher for `/calls/abc/ranking`, and how many literal segments it has. */
const templateMatcher = (template: string) => {
  const segments = template.split('/');
  const pattern = new RegExp(`^${segments.map((s) => (/^\{.+\}$/.test(s) ? '[^/]+' : s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('/')}$`);
  return { template, pattern, literals: segments.filter((s) => !s.startsWith('{')).length };
};

export const openApiConformance = (document: OpenApiDocument) => {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  const matchers = Object.keys(document.paths).map(templateMatcher);
  const validators = new Map<string, ReturnType<typeof ajv.compile>>();
  const violations: string[] = [];
  const checked = new Set<string>();

  const validatorFor = (key: string, schema: object) => {
    if (!validators.has(key)) validators.set(key, ajv.compile({ ...schema, components: document.components }));
    return validators.get(key)!;
  };

  return {
    /** Records a violation (never throws, so the scenario under test runs on); see `violations`. */
    check(method: string, url: string, answer: AnswerToCheck): void {
      const path = url.split('?')[0]!;
      const route = matchers.filter((m) => m.pattern.test(path)).sort((a, b) => b.literals - a.literals)[0];
      const operation = route && document.paths[route.template]![method.toLowerCase()];
      if (!route || !operation) {
        violations.push(`${method} ${path}: no such operation in the document`);
        return;
      }
      const where = `${method} ${route.template} → ${answer.status}`;
      checked.add(where);
      const declared = operation.responses[String(answer.status)];
      if (!declared) {
        violations.push(`${where}: status not declared (declared: ${Object.keys(operation.responses).join(', ')})`);
        return;
      }
      const mediaType = (answer.headers.get('content-type') ?? '').split(';')[0]!.trim();
      const media = declared.content?.[mediaType];
      if (!media) {
        violations.push(`${where}: media type ${mediaType || '(none)'} not declared`);
        return;
      }
      const validate = validatorFor(`${where} ${mediaType}`, media.schema);
      if (!validate(answer.body)) {
        violations.push(`${where}: body does not match its schema: ${ajv.errorsText(validate.errors, { separator: '; ' })} in ${JSON.stringify(answer.body).slice(0, 400)}`);
      }
    },
    violations,
    /** `METHOD /template → status` of every answer checked. */
    checked,
  };
};
