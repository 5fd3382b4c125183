/** SMS → Get Templates (`GET /v1/template-configs`, docs/messaging/read-api.md §6): approved is status 2; the Status filter is applied here (the list takes none). */
import { choiceFilter } from '../shared/templateFilters';
import { templateListOperation } from '../shared/templateList';

/** sms:getTemplates as its resource lists it. */
export const getTemplates = templateListOperation({
	resource: 'sms',
	path: '/v1/template-configs',
	paged: false,
	approved: (t) => t.status === 2,
	filtersHelp: 'Only the templates in one review status (applied before Limit)',
	filters: [
		choiceFilter(
			{ displayName: 'Status', name: 'status', description: 'The review status of the templates to return: Approved (2) can be sent, Pending Review (1) or Rejected (3) cannot' },
			[
				{ name: 'Approved', value: 2, description: 'Reviewed and ready to send (status 2)' },
				{ name: 'Pending Review', value: 1, description: 'Waiting for EngageLab\'s review (status 1)' },
				{ name: 'Rejected', value: 3, description: 'Refused by the review, see audit_remark (status 3)' },
			],
			{ templateField: 'status' },
		),
	],
});
