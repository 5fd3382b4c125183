/** Email → Get Templates (`GET /v1/templates`, docs/messaging/read-api.md §6): paged; no review status documented. */
import { templateListOperation } from '../shared/templateList';

/** email:getTemplates as its resource lists it. */
export const getTemplates = templateListOperation({ resource: 'email', path: '/v1/templates', paged: true, key: (t) => String(t.template_id ?? t.template_invoke_name) });
