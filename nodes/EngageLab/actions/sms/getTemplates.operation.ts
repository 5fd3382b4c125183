/** SMS → Get Templates (`GET /v1/template-configs`, docs/messaging/read-api.md §6): approved is status 2. */
import { templateListOperation } from '../shared/templateList';

/** sms:getTemplates as its resource lists it. */
export const getTemplates = templateListOperation({ resource: 'sms', path: '/v1/template-configs', paged: false, approved: (t) => t.status === 2 });
