/** WhatsApp → Get Templates (`GET /v1/templates`, docs/messaging/read-api.md §6): every status, approved is APPROVED. */
import { templateListOperation } from '../shared/templateList';

/** whatsapp:getTemplates as its resource lists it. */
export const getTemplates = templateListOperation({ resource: 'whatsapp', path: '/v1/templates', paged: false, approved: (t) => t.status === 'APPROVED' });
