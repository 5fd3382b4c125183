/**
 * One item's push content as Send and Send Batch read it from the form: platform, notification
 * or custom message (with the Extras rows copied into it), the push options and callback
 * arguments. A field EngageLab would refuse fails the item here, before anything is sent.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { PushProduct } from '../../products/push/hosts';
import { JsonLong } from '../../transport/longJson';
import { builtOrRefuse } from './pushItem';
import type { Built, JsonObject } from './shared/built';
import { buildMessage } from './shared/message';
import { buildNotification, buildPlatform, type NotificationParams, type PushPlatform, type WebButtonParams } from './shared/notification';
import { buildCustomArgs, buildOptions, rowsToObject, type KeyValueRow } from './shared/options';

/** A fixedCollection's rows (Extras, Callback Arguments). */
const rows = (value: unknown): KeyValueRow[] => ((value as IDataObject | undefined)?.row as KeyValueRow[] | undefined) ?? [];

export interface PushContent {
	platform: PushPlatform;
	notification?: JsonObject;
	message?: JsonObject;
	pushOptions: JsonObject;
	customArgs?: Record<string, string>;
}

export function buildContent(ctx: IExecuteFunctions, product: PushProduct, itemIndex: number): PushContent {
	const get = <T>(name: string, fallback: T): T => ctx.getNodeParameter(name, itemIndex, fallback) as T;
	const refuse = <T>(built: Built<T>) => builtOrRefuse(ctx, built, itemIndex);
	const options = get<IDataObject>('pushOptions', {});
	const extras = refuse(rowsToObject(rows(options.extras), 'Extras'));
	const extra = Object.keys(extras).length > 0 ? extras : undefined;
	let platform: PushPlatform = refuse(buildPlatform(product, product === 'appPush' ? get<string[]>('platform', ['android', 'hmos', 'ios']) : undefined));
	let notification: JsonObject | undefined;
	let message: JsonObject | undefined;
	let webButtons: JsonObject[] | undefined;
	if (get<string>('content', 'notification') === 'message') {
		const fields = get<IDataObject>('messageFields', {});
		message = refuse(buildMessage({ content: get('messageContent', ''), contentIsJson: fields.contentIsJson === true, title: fields.title, contentType: fields.contentType }, extra));
	} else {
		const params: NotificationParams = { platform: platform === 'web' ? undefined : (platform as NotificationParams['platform']), alert: get('alert', '') };
		if (product === 'appPush') {
			params.android = get<IDataObject>('android', {});
			params.ios = get<IDataObject>('ios', {});
			params.hmos = get<IDataObject>('hmos', {});
		} else {
			const web = get<IDataObject>('web', {});
			params.web = { ...web, buttons: ((web.buttons as IDataObject | undefined)?.button as WebButtonParams[] | undefined) ?? [] };
		}
		const built = refuse(buildNotification(product, params, extra));
		platform = built.platform;
		notification = built.notification;
		webButtons = built.webButtons;
	}
	const pushOptions = refuse(
		buildOptions(
			product,
			{
				timeToLive: options.timeToLive,
				iosEnvironment: options.iosEnvironment as 'default' | 'production' | 'development' | undefined,
				bigPushDuration: options.bigPushDuration === 0 ? undefined : options.bigPushDuration,
				overrideMsgId: options.overrideMsgId,
				webDistribution: options.webDistribution,
			},
			(digits) => new JsonLong(digits),
			webButtons,
		),
	);
	const customArgs = refuse(buildCustomArgs(rows(options.customArgs)));
	return { platform, notification, message, pushOptions, customArgs };
}
