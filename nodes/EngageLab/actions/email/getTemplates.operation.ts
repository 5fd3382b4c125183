/** Email → Get Templates (`GET /v1/templates`, docs/messaging/read-api.md §6): paged; no review status documented; name and invoke name filtered by EngageLab. */
import { textFilter } from '../shared/templateFilters';
import { templateListOperation } from '../shared/templateList';

/** email:getTemplates as its resource lists it. */
export const getTemplates = templateListOperation({
	resource: 'email',
	path: '/v1/templates',
	paged: true,
	key: (t) => String(t.template_id ?? t.template_invoke_name),
	filtersHelp: 'Only the templates whose name or invoke name matches (EngageLab filters the list)',
	filters: [
		textFilter(
			{ displayName: 'Invoke Name', name: 'invokeName', placeholder: 'welcome_mail', description: 'The invoke name of one template (what Send Template uses), exactly' },
			'template_invoke_name',
		),
		textFilter({ displayName: 'Name', name: 'name', placeholder: 'Welcome', description: 'Text the template names contain, e.g. Welcome' }, 'name'),
	],
});
