/**
 * Validation messages come from the contract's zod schemas, in English, because the engine and
 * the local API use the same schemas. In Russian the console shows them through this table:
 * exact messages first, then patterns for messages that carry a value (a field name, a limit).
 * The engine's own texts (Test it steps, notifications, auto-disable reasons, dry-run reasons,
 * delivery errors) go through the same table. A message the engine glued from two known ones
 * ("<what failed> <what to do>") is translated sentence by sentence.
 * An unknown message is shown as it is rather than hidden. Pure data: unit-tested under Node.
 */

type Render = (...groups: string[]) => string;

/** Russian plural: one (1, 21), few (2–4, 22–24), many (5–20, 25…). */
function plural(n: number | string, one: string, few: string, many: string): string {
  const v = Math.abs(Number(n)) % 100;
  const last = v % 10;
  if (v >= 11 && v <= 14) return many;
  if (last === 1) return one;
  if (last >= 2 && last <= 4) return few;
  return many;
}

/** Genitive after "не больше / не длиннее": 1 символа, 2/5 символов. */
const genitive = (n: string, one: string, other: string) => (Number(n) % 10 === 1 && Number(n) % 100 !== 11 ? one : other);

/** A nested English message in Russian, or unchanged when the table does not know it. */
const tr = (message: string | undefined): string => (message === undefined ? '' : translateValidation(message, 'ru'));

/** Like tr, for a message the engine ended with an added full stop. */
function trDot(message: string): string {
  const whole = translateRu(message);
  if (whole !== undefined) return whole;
  if (message.endsWith('.')) {
    const bare = translateRu(message.slice(0, -1));
    if (bare !== undefined) return /[.!?]$/.test(bare) ? bare : `${bare}.`;
  }
  return message;
}

/** "48 h", "5 min", "30 s" (describeDelay) in Russian. */
const delay = (text: string) => text.replace(/\bmin\b/, 'мин').replace(/\bh\b/, 'ч').replace(/\bs\b/, 'с');

/** Field labels that messages built by noControl(...) and friends name. */
const LABELS: Record<string, string> = {
  Login: 'Логин',
  'Sender name': 'Имя отправителя',
  Subject: 'Тема',
  Name: 'Название',
  Token: 'Токен',
  Password: 'Пароль',
};
const label = (text: string) => LABELS[text] ?? text;

/** zod's type names (expected / received). */
const TYPES: Record<string, string> = {
  string: 'строка',
  number: 'число',
  int: 'целое число',
  bigint: 'целое число',
  boolean: 'true или false',
  array: 'список',
  object: 'объект',
  record: 'объект',
  date: 'дата',
  null: 'null',
  undefined: 'ничего',
  nan: 'NaN',
  NaN: 'NaN',
  function: 'функция',
  map: 'Map',
  set: 'Set',
  file: 'файл',
};
const type = (name: string) => TYPES[name] ?? name;

/** zod's format names in "Invalid <format>". */
const FORMATS: Record<string, string> = {
  input: 'Неверное значение',
  'email address': 'Неверный адрес электронной почты',
  URL: 'Неверный URL',
  emoji: 'Неверный эмодзи',
  UUID: 'Неверный UUID',
  'ISO datetime': 'Неверные дата и время (нужен формат ISO 8601)',
  'ISO date': 'Неверная дата (нужен формат ISO 8601)',
  'ISO time': 'Неверное время (нужен формат ISO 8601)',
  'ISO duration': 'Неверная длительность (нужен формат ISO 8601)',
  'IPv4 address': 'Неверный адрес IPv4',
  'IPv6 address': 'Неверный адрес IPv6',
  'IPv4 range': 'Неверный диапазон IPv4',
  'IPv6 range': 'Неверный диапазон IPv6',
  'base64-encoded string': 'Неверная строка base64',
  'base64url-encoded string': 'Неверная строка base64url',
  'JSON string': 'Неверная строка JSON',
};

/** The certificate problems of net/errors.ts's TLS_CODES. */
const TLS_PROBLEMS: Record<string, string> = {
  'the server presented a self-signed certificate': 'сервер предъявил самоподписанный сертификат',
  'the certificate chain ends in a self-signed root that is not trusted': 'цепочка сертификатов заканчивается недоверенным самоподписанным корнем',
  'the certificate was not issued by a trusted authority (or the chain is incomplete)': 'сертификат выдан не доверенным центром сертификации (или цепочка неполная)',
  'the certificate was issued by an authority this computer does not trust': 'сертификат выдан центром сертификации, которому этот компьютер не доверяет',
  'the server certificate has expired': 'срок действия сертификата сервера истёк',
  'the server certificate is not valid yet (check both clocks)': 'сертификат сервера ещё не действует (проверьте часы на обеих сторонах)',
  'the certificate does not cover this host name': 'сертификат не распространяется на это имя хоста',
  'the server did not answer with TLS — it probably speaks plain HTTP on this port': 'сервер ответил не по TLS — вероятно, на этом порту обычный HTTP',
  'the server only offers an outdated TLS version': 'сервер поддерживает только устаревшую версию TLS',
  'the TLS handshake failed (no common cipher or a client certificate is required)': 'не удалось согласовать TLS (нет общего шифра или нужен клиентский сертификат)',
};

/** PagerDuty's and Opsgenie's answers (channels/pagerduty.ts, opsgenie.ts), after "<vendor> says <status>: ". */
const INCIDENT_WHAT: Record<string, string> = {
  'the routing key was not accepted.': 'ключ маршрутизации не принят.',
  'the event was rejected as invalid.': 'событие отклонено как некорректное.',
  'too many events for this routing key; PagerDuty asked to slow down.': 'слишком много событий для этого ключа маршрутизации; PagerDuty просит сбавить темп.',
  'the request was refused.': 'запрос отклонён.',
  'there is no Events API at this URL.': 'по этому адресу нет Events API.',
  'the API key was not accepted.': 'ключ API не принят.',
  'the alert was rejected as invalid.': 'оповещение отклонено как некорректное.',
  'too many requests; Opsgenie asked to slow down.': 'слишком много запросов; Opsgenie просит сбавить темп.',
  'there is no such alert or API here.': 'здесь нет такого оповещения или API.',
};

/** Slack's error codes explained (channels/slack.ts), after "Slack says <code>: ". */
const SLACK_WHAT: Record<string, string> = {
  'the bot token was revoked or mistyped.': 'токен бота отозван или введён с ошибкой.',
  'no bot token reached Slack.': 'токен бота не дошёл до Slack.',
  'the token belongs to a deleted user or an uninstalled app.': 'токен принадлежит удалённому пользователю или удалённому приложению.',
  'the bot token was revoked.': 'токен бота отозван.',
  'the bot token has expired.': 'срок действия токена бота истёк.',
  'the bot token lacks the chat:write scope.': 'у токена бота нет права chat:write.',
  'the webhook URL is no longer valid.': 'адрес вебхука больше не действует.',
  'this incoming webhook was removed or disabled.': 'этот входящий вебхук удалён или отключён.',
  'the workspace of this webhook no longer exists.': 'рабочего пространства этого вебхука больше нет.',
  'a workspace admin restricted posting here.': 'администратор рабочего пространства запретил здесь писать.',
  'only admins may post in this channel.': 'в этот канал могут писать только администраторы.',
  'the channel does not exist or the bot cannot see it.': 'канала нет или бот его не видит.',
  'the bot is not a member of the channel.': 'бот не участник канала.',
  'the channel is archived.': 'канал в архиве.',
  'the message was rejected as malformed.': 'сообщение отклонено как неверно составленное.',
  'too many messages; Slack asked to slow down.': 'слишком много сообщений; Slack просит сбавить темп.',
  'Slack had an internal problem.': 'внутренняя ошибка Slack.',
};

/** What Teams, Discord and Mattermost said, in plain words (channels/teams.ts, discord.ts, mattermost.ts), after "<Vendor> says <code>: ". */
const CHAT_WHAT: Record<string, string> = {
  'the message was rejected as malformed.': 'сообщение отклонено как неверно составленное.',
  'too many requests; Teams asked to slow down.': 'слишком много запросов; Teams просит сбавить темп.',
  'Teams had an internal problem.': 'внутренняя ошибка Teams.',
  'the workflow refused the request.': 'рабочий процесс отклонил запрос.',
  'the workflow was deleted or turned off, or the URL is incomplete.': 'рабочий процесс удалён или выключен, либо адрес неполный.',
  'the webhook was deleted.': 'вебхук удалён.',
  "the webhook's token is wrong or was reset.": 'токен вебхука неверен или был сброшен.',
  'the thread or channel does not exist.': 'ветки или канала не существует.',
  'the webhook cannot reach the thread or channel.': 'вебхук не имеет доступа к ветке или каналу.',
  'the webhook lacks the permission to post there.': 'у вебхука нет права писать туда.',
  'too many messages; Discord asked to slow down.': 'слишком много сообщений; Discord просит сбавить темп.',
  'Discord had an internal problem.': 'внутренняя ошибка Discord.',
  'the webhook does not exist (deleted, or the URL is mistyped).': 'такого вебхука нет (удалён или адрес введён с ошибкой).',
  'incoming webhooks are turned off on this server.': 'входящие вебхуки выключены на этом сервере.',
  'the channel was not found.': 'канал не найден.',
  'this webhook may post only to its own channel.': 'этот вебхук может писать только в свой канал.',
  "the webhook's creator may not post in that channel.": 'создатель вебхука не может писать в этот канал.',
  'the user was not found.': 'пользователь не найден.',
  'the channel is read-only.': 'канал доступен только для чтения.',
  'too many requests; Mattermost asked to slow down.': 'слишком много запросов; Mattermost просит сбавить темп.',
  'Mattermost had an internal problem.': 'внутренняя ошибка Mattermost.',
};
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const CHAT_SAYS = new RegExp(`^(Teams|Discord|Mattermost) says (.+?): (${Object.keys(CHAT_WHAT).map(escapeRegExp).join('|')})(?: (.+))?$`);

/** Splunk HEC codes, Sumo Logic and InsightConnect statuses explained (channels/splunk.ts, sumologic.ts, insightconnect.ts), after "<vendor> says …: ". */
const RECEIVER_WHAT: Record<string, string> = {
  'the token is disabled.': 'токен отключён.',
  'no token reached Splunk.': 'токен не дошёл до Splunk.',
  'the Authorization header was not understood.': 'заголовок Authorization не распознан.',
  'the token is wrong or was deleted.': 'токен неверный или удалён.',
  'the request had no events.': 'в запросе нет событий.',
  'an event was not valid HEC JSON.': 'событие — некорректный JSON для HEC.',
  'the token may not write to this index, or the index does not exist.': 'токену нельзя писать в этот индекс, или такого индекса нет.',
  'Splunk had an internal error.': 'внутренняя ошибка Splunk.',
  'Splunk is busy and refused the events for now.': 'Splunk перегружен и пока не принимает события.',
  'the token requires indexer acknowledgement, which needs a channel id.': 'у токена включено подтверждение индексации, а для него нужен идентификатор канала.',
  'the data channel id was refused.': 'идентификатор канала данных отклонён.',
  'an event had no event field.': 'у события нет поля event.',
  'an event had an empty event field.': 'у события пустое поле event.',
  'HEC is unhealthy: its queues are full.': 'HEC неисправен: его очереди переполнены.',
  'HEC is unhealthy.': 'HEC неисправен.',
  "the source URL's token is missing or invalid.": 'токен в адресе источника отсутствует или неверен.',
  'this source refuses the data.': 'источник не принимает данные.',
  'no HTTP source has this URL any more.': 'HTTP-источника с таким адресом больше нет.',
  'the request is larger than a source accepts.': 'запрос больше, чем принимает источник.',
  'the account is over its ingest quota and throttles this source.': 'учётная запись превысила квоту приёма данных, и источник ограничен.',
  'it timed out processing the request.': 'истекло время обработки запроса.',
  'the API key is missing or not valid.': 'API-ключ не передан или недействителен.',
  'the API key may not run this workflow.': 'этому API-ключу нельзя запускать этот рабочий процесс.',
  'no active workflow has this trigger.': 'ни у одного активного рабочего процесса нет такого триггера.',
  'the trigger refused the event.': 'триггер отклонил событие.',
  'too many workflow runs; it asked to slow down.': 'слишком много запусков рабочего процесса; просят сбавить темп.',
};

/** Metadata fields of the log receivers' settings, as validation messages name them. */
const RECEIVER_FIELD: Record<string, string> = {
  Sourcetype: 'Тип источника (sourcetype)',
  Source: 'Источник (source)',
  Host: 'Хост (host)',
  'Source category': 'Категория источника',
  'Source name': 'Имя источника',
  'Source host': 'Хост источника',
};

/** Telegram's documented answers explained (channels/telegram.ts), after 'Telegram says "<description>" (<code>): '. */
const TELEGRAM_WHAT: Record<string, string> = {
  'the bot token was revoked or mistyped.': 'токен бота отозван или введён с ошибкой.',
  'no bot has this token, or the API base URL is wrong.': 'бота с таким токеном нет или неверен базовый URL API.',
  'the chat does not exist or the bot has never been in it.': 'чата нет или бот в нём никогда не был.',
  'the user blocked the bot.': 'пользователь заблокировал бота.',
  'the bot is not a member of the chat.': 'бот не участник чата.',
  'the bot was removed from the chat.': 'бота удалили из чата.',
  'a bot cannot write to a person first.': 'бот не может написать человеку первым.',
  'the account of this chat was deleted.': 'учётная запись этого чата удалена.',
  'the group became a supergroup with a new id.': 'группа стала супергруппой с новым идентификатором.',
  'the forum topic does not exist.': 'такой темы форума нет.',
  'the message is not valid Telegram HTML.': 'сообщение — некорректный HTML для Telegram.',
  'the message is longer than Telegram allows.': 'сообщение длиннее, чем позволяет Telegram.',
  'the bot may not post in this chat.': 'боту нельзя писать в этот чат.',
  'too many messages; Telegram asked to slow down.': 'слишком много сообщений; Telegram просит сбавить темп.',
  'Telegram had an internal problem.': 'внутренняя ошибка Telegram.',
};

/** What a Jira call was about (explainJiraError's `what`): [sentence when it failed, accusative]. */
function jiraWhat(what: string): [failed: string, accusative: string] {
  const project = /^the project (.+)$/.exec(what);
  if (project) return [`Не удалось запросить проект ${project[1]}`, `запрос проекта ${project[1]}`];
  const known: Record<string, [string, string]> = {
    'the request': ['Запрос не выполнен', 'запрос'],
    'the issue': ['Не удалось создать задачу', 'задачу'],
    'the server info request': ['Не удалось запросить сведения о сервере', 'запрос сведений о сервере'],
    'the login': ['Не удалось войти', 'вход'],
    'the permission check': ['Не удалось проверить права', 'проверку прав'],
    'the create screen': ['Не удалось получить экран создания задачи', 'запрос экрана создания задачи'],
  };
  return known[what] ?? [`${what}: ошибка`, what];
}

/**
 * "<raw text from a server or library> <known hint>" (a failed delivery joins message and hint):
 * the raw part stays, the hint is translated. The hint is '' when none is found.
 */
function splitRaw(text: string): [raw: string, hint: string] {
  for (const m of text.matchAll(/ (?=[A-Z"«])/g)) {
    const tail = translateRu(text.slice(m.index + 1));
    if (tail !== undefined) return [text.slice(0, m.index), ` ${tail}`];
  }
  return [text, ''];
}
/** Raw text, then its translated hint, with a full stop between them when the raw text has none. */
const rawThen = (raw: string, hint: string) => (hint && !/[.!?:;]$/.test(raw) ? `${raw}.${hint}` : `${raw}${hint}`);
const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
const serverSaid = (reply: string | undefined) => (reply !== undefined ? ` Ответ сервера: «${reply}».` : '');
const jiraSaid = (said: string | undefined) => {
  if (said === undefined) return '';
  const [raw, hint] = splitRaw(said);
  return ` Ответ Jira: ${rawThen(raw, hint)}`;
};
/** A dry-run condition (describeCondition) in Russian. */
function condition(text: string): string {
  let m: RegExpExecArray | null;
  if ((m = /^(\S+) present$/.exec(text))) return `${m[1]} задано`;
  if ((m = /^(\S+) in (.*)$/.exec(text))) return `${m[1]} — одно из: ${m[2]}`;
  return text;
}

export const exact: Record<string, string> = {
  // ---------------------------------------------------------------- contract: integrations
  'Enter the receiver URL, e.g. https://alerts.example.com/herald': 'Введите адрес получателя, например https://alerts.example.com/herald',
  'URL is longer than 2048 characters; shorten it': 'URL длиннее 2048 символов — сократите его',
  'Not a valid URL: include the scheme, e.g. https://host/path': 'Это не URL: укажите схему, например https://host/path',
  'Remove the user:password@ part; put credentials in the token instead': 'Уберите из адреса часть user:password@ — учётные данные задаются токеном',
  'Enter a header name, e.g. X-Herald-Authentication': 'Введите имя заголовка, например X-Herald-Authentication',
  'Header name is longer than 128 characters': 'Имя заголовка длиннее 128 символов',
  "Header names may contain only letters, digits and !#$%&'*+-.^_`|~ (no spaces or colons)":
    "Имя заголовка может содержать только латинские буквы, цифры и !#$%&'*+-.^_`|~ (без пробелов и двоеточий)",
  'This header is set by HTTP itself; choose another name': 'Этот заголовок задаёт сам протокол HTTP — выберите другое имя',
  'Project names cannot be empty': 'Название проекта не может быть пустым',
  'Project name is too long': 'Слишком длинное название проекта',
  'At most 500 projects; leave the list empty to match all projects': 'Не больше 500 проектов; оставьте список пустым, чтобы подходили все проекты',
  'Choose the events that fire this webhook': 'Выберите события, по которым срабатывает вебхук',
  'Choose at least one event that fires this webhook': 'Выберите хотя бы одно событие, по которому срабатывает вебхук',
  'Secret is longer than 4096 characters': 'Секрет длиннее 4096 символов',
  'Enter a name for this integration': 'Введите название интеграции',
  'Name is longer than 100 characters; shorten it': 'Название длиннее 100 символов — сократите его',
  'Enter an e-mail address, e.g. security@example.com': 'Введите адрес электронной почты, например security@example.com',
  'An e-mail address has at most 254 characters': 'Адрес электронной почты — не длиннее 254 символов',
  'E-mail addresses cannot contain line breaks or control characters': 'Адрес электронной почты не может содержать переводов строки и управляющих символов',
  'Not an e-mail address: use the form name@example.com': 'Это не адрес электронной почты: используйте вид name@example.com',
  'Subject template is longer than 1000 characters': 'Шаблон темы длиннее 1000 символов',
  'HTML template is longer than 200,000 characters': 'HTML-шаблон длиннее 200 000 символов',
  'Text template is longer than 100,000 characters': 'Текстовый шаблон длиннее 100 000 символов',
  'Enter the SMTP server, e.g. smtp.example.com': 'Введите SMTP-сервер, например smtp.example.com',
  'Enter the SMTP server, e.g. smtp.example.com or 10.0.0.25': 'Введите SMTP-сервер, например smtp.example.com или 10.0.0.25',
  'Host name is too long': 'Слишком длинное имя хоста',
  'Use a host name or IP address only (no scheme, path or port)': 'Укажите только имя хоста или IP-адрес (без схемы, пути и порта)',
  'Enter the port: 587 for STARTTLS, 465 for SSL/TLS, 25 for plain': 'Введите порт: 587 для STARTTLS, 465 для SSL/TLS, 25 без шифрования',
  'Ports go from 1 to 65535': 'Порт — число от 1 до 65535',
  'Choose none, STARTTLS or SSL/TLS': 'Выберите: без шифрования, STARTTLS или SSL/TLS',
  'Login is longer than 256 characters': 'Логин длиннее 256 символов',
  'Enter the sender name': 'Введите имя отправителя',
  'Enter the sender name, e.g. "Security alerts"': 'Введите имя отправителя, например «Оповещения безопасности»',
  'Sender name is longer than 100 characters': 'Имя отправителя длиннее 100 символов',
  'Signature is longer than 4000 characters': 'Подпись длиннее 4000 символов',
  'CA certificate is too long': 'Слишком длинный сертификат центра сертификации',
  'Paste the CA certificate in PEM form (-----BEGIN CERTIFICATE----- …)': 'Вставьте сертификат центра сертификации в формате PEM (-----BEGIN CERTIFICATE----- …)',
  'At least 1 s': 'Не меньше 1 с',
  'At most 120 s': 'Не больше 120 с',
  'Enter the login, or turn SMTP authentication off': 'Введите логин или отключите SMTP-аутентификацию',
  'Choose Jira Server/Data Center or Jira Cloud': 'Выберите Jira Server/Data Center или Jira Cloud',
  'Choose access token or login and password': 'Выберите токен доступа или логин и пароль',
  'Jira Cloud signs in with the account e-mail: enter it, e.g. secops@example.com':
    'Jira Cloud входит по адресу электронной почты учётной записи: введите его, например secops@example.com',
  'Enter the Jira login, or choose access token': 'Введите логин Jira или выберите токен доступа',
  'Enter the Jira project key, e.g. SEC': 'Введите ключ проекта Jira, например SEC',
  'A project key is upper-case letters and digits starting with a letter, e.g. SEC': 'Ключ проекта — заглавные латинские буквы и цифры, первой идёт буква, например SEC',
  'Enter the issue type, e.g. Bug or Task': 'Введите тип задачи, например Bug или Task',
  'Enter the issue type, e.g. Bug': 'Введите тип задачи, например Bug',
  'Labels cannot be empty': 'Метка не может быть пустой',
  'Jira labels cannot contain spaces; use - or _': 'Метки Jira не могут содержать пробелов — используйте - или _',
  'Summary template is longer than 1000 characters': 'Шаблон заголовка длиннее 1000 символов',
  'Description template is longer than 50,000 characters': 'Шаблон описания длиннее 50 000 символов',
  'Choose at least one field that identifies an alert': 'Выберите хотя бы одно поле, по которому Herald узнаёт повторное оповещение',
  'id is required': 'Укажите id',
  'id is too long': 'Слишком длинный id',
  'secret is required: the name of a stored secret such as token or password': 'Укажите secret — имя сохранённого секрета, например token или password',
  'secret is the name of a stored secret such as token or password': 'secret — имя сохранённого секрета, например token или password',

  // ---------------------------------------------------------------- contract: rules
  "Add the recipients' e-mail addresses": 'Добавьте адреса получателей',
  'Add at least one recipient': 'Добавьте хотя бы одного получателя',
  'At most 100 recipients per action; use a distribution list for more': 'Не больше 100 получателей на действие; если нужно больше, используйте список рассылки',
  'Choose per_event or digest': 'Выберите per_event (письмо на каждое событие) или digest (сводка по сканированию)',
  'Enter a name for this rule': 'Введите название правила',
  'Name is longer than 100 characters': 'Название длиннее 100 символов',
  'Choose the events this rule routes': 'Выберите события, которые направляет это правило',
  'Choose at least one event this rule routes': 'Выберите хотя бы одно событие, которое направляет это правило',
  'At most 20 conditions per rule': 'Не больше 20 условий в правиле',
  'Add an action: where matching events go': 'Добавьте действие: куда отправлять подходящие события',
  'Add at least one action: where matching events go': 'Добавьте хотя бы одно действие: куда отправлять подходящие события',
  'At most 20 actions per rule': 'Не больше 20 действий в правиле',
  'A value is at most 500 characters': 'Значение — не длиннее 500 символов',
  'Enter the payload field, e.g. severity': 'Введите поле payload, например severity',
  'Name a payload field, e.g. severity or blocker (letters, digits, _ and dots)': 'Укажите поле payload, например severity или blocker (латинские буквы, цифры, _ и точки)',
  'Choose equals, not_equals, in, gte or exists': 'Выберите equals, not_equals, in, gte или exists',
  'At most 100 values': 'Не больше 100 значений',
  'List at least one value, e.g. prod, stage': 'Укажите хотя бы одно значение, например prod, stage',
  'Give one value, or use "in" for a list': 'Укажите одно значение или выберите «in» для списка',
  'Compare with a number or a severity: info, low, medium, high, critical': 'Сравнивайте с числом или уровнем серьёзности: info, low, medium, high, critical',

  // ---------------------------------------------------------------- contract: delivery policy
  'Choose webhook_standard, fast_cycles or custom': 'Выберите webhook_standard, fast_cycles или custom',
  'Use whole milliseconds': 'Укажите целое число миллисекунд',
  'A wait cannot be negative': 'Пауза не может быть отрицательной',
  'A single wait is at most 7 days': 'Одна пауза — не больше 7 дней',
  'At most 50 retries': 'Не больше 50 повторов',
  'List at least one wait, e.g. 30s, 5m, 1h — or choose a preset': 'Укажите хотя бы одну паузу, например 30s, 5m, 1h, — или выберите готовую схему',
  'Choose exhausted or failure_ratio': 'Выберите exhausted или failure_ratio',
  'The window is at least 1 minute': 'Окно — не меньше 1 минуты',
  'The window is at most 7 days': 'Окно — не больше 7 дней',
  'At least 5 %': 'Не меньше 5 %',
  'At most 100 %': 'Не больше 100 %',
  'At least 0 %': 'Не меньше 0 %',
  'At least 1 request': 'Не меньше 1 запроса',
  'At most 10,000 requests': 'Не больше 10 000 запросов',
  'Use 0 to send at once': 'Укажите 0, чтобы отправлять сразу',
  'At most one hour': 'Не больше часа',

  // ---------------------------------------------------------------- contract: events, settings, queries
  'trigger is required: one of the catalogue names, e.g. project_sca_analysis_finished': 'Укажите trigger — одно из имён каталога, например project_sca_analysis_finished',
  'trigger is required': 'Укажите trigger',
  'payload must be a JSON object, e.g. {"project_id": 1}': 'payload должен быть JSON-объектом, например {"project_id": 1}',
  // events.synthesize / events.redact (demo data)
  'seed must be a whole number, e.g. 1; the same seed gives the same events': 'seed — целое число, например 1; одинаковый seed даёт одинаковые события',
  'count must be a whole number from 1 to 100': 'count — целое число от 1 до 100',
  'count must be at least 1': 'count — не меньше 1',
  'count must be at most 100: generate fewer events at a time': 'count — не больше 100: создавайте меньше событий за раз',
  'payload must be a JSON object, e.g. {"token": "…"}': 'payload должен быть JSON-объектом, например {"token": "…"}',
  'created_at must be an ISO 8601 date-time, e.g. 2026-11-22T10:15:00Z': 'created_at — дата и время в формате ISO 8601, например 2026-11-22T10:15:00Z',
  'scenario must be project_scan or image_scan': 'scenario — project_scan или image_scan',
  'Enter the project or image name': 'Введите название проекта или образа',
  'Name is too long': 'Слишком длинное название',
  'At least 0': 'Не меньше 0',
  'At most 50 policy alerts': 'Не больше 50 срабатываний политик',
  'blocker_share is a number from 0 to 1': 'blocker_share — число от 0 до 1',
  'kinds are auto_disabled, dead_letters, test_failed': 'kinds — одно из: auto_disabled, dead_letters, test_failed',
  'since must be an ISO 8601 date-time': 'since — дата и время в формате ISO 8601',
  'until must be an ISO 8601 date-time': 'until — дата и время в формате ISO 8601',
  'Buckets are at least a minute': 'Интервал — не меньше минуты',
  'Buckets are at most a week': 'Интервал — не больше недели',
  'Enter a subject': 'Введите тему письма',
  'Subject is longer than 200 characters': 'Тема длиннее 200 символов',
  'Body is longer than 20,000 characters': 'Текст письма длиннее 20 000 символов',
  'Give the saved integration id, the unsaved settings, or both': 'Укажите id сохранённой интеграции, несохранённые настройки или и то и другое',
  'Use 0 to send at once, or a window in milliseconds': 'Укажите 0, чтобы отправлять сразу, или окно в миллисекундах',
  'At least 500 ms': 'Не меньше 500 мс',
  'At least 1 day': 'Не меньше 1 дня',
  'At most 10 years': 'Не больше 10 лет',
  'Ports go up to 65535': 'Номер порта — не больше 65535',
  'close_to_tray is true or false': 'close_to_tray — true или false',
  'theme is light, dark or system': 'theme — light, dark или system',
  'language is en or ru': 'language — en или ru',
  'kind must be event or digest': 'kind — event или digest',
  'At most 10,000 at a time; replay all instead': 'Не больше 10 000 за раз — повторите отправку всех сразу',
  'Give delivery_ids, or all: true': 'Укажите delivery_ids или all: true',
  'Give ids, or all: true': 'Укажите ids или all: true',
  'blocker must be true or false': 'blocker — true или false',
  'project_id or container_image_id is required: an SCA policy fires on a project or a container image':
    'Нужен project_id или container_image_id: политика SCA срабатывает на проекте или образе контейнера',

  // ---------------------------------------------------------------- zod's own
  'Invalid input': 'Неверное значение',
  'Invalid input: more than one option matched': 'Неверное значение: подходит больше одного варианта',

  // ---------------------------------------------------------------- Test it: step labels
  'URL parsed': 'Разбор URL',
  'TCP connect': 'TCP-подключение',
  'HTTP request': 'HTTP-запрос',
  'HTTP status': 'HTTP-статус',
  Token: 'Токен',
  'SMTP greeting': 'Приветствие SMTP',
  Authentication: 'Аутентификация',
  'Send test email': 'Отправка тестового письма',
  Server: 'Сервер',
  Project: 'Проект',
  'Create permission': 'Право на создание задач',
  'Required fields': 'Обязательные поля',
  Connection: 'Подключение',

  // ---------------------------------------------------------------- Test it: HTTP (webhooks)
  'The receiver accepted the test event.': 'Получатель принял тестовое событие.',
  "No token is set: the receiver cannot tell Herald's requests from anyone else's.": 'Токен не задан: получатель не сможет отличить запросы Herald от чужих.',
  'Set a token and check it on the receiver.': 'Задайте токен и проверяйте его на стороне получателя.',
  'Write the full address with its scheme, e.g. https://alerts.example.com/herald.': 'Укажите полный адрес со схемой, например https://alerts.example.com/herald.',
  'Plain HTTP: the token and events travel unencrypted.': 'Обычный HTTP: токен и события передаются без шифрования.',
  'no certificate': 'сертификата нет',
  // Raw reasons of Node and undici that reach the messages above.
  'connect timeout': 'истекло время подключения',
  'TLS handshake timeout': 'истекло время согласования TLS',
  'socket hang up': 'соединение оборвано',
  'other side closed': 'другая сторона закрыла соединение',
  'Check the port in the URL and that the receiver is running; a firewall that rejects connections looks the same.':
    'Проверьте порт в URL и что получатель запущен; так же выглядит брандмауэр, отклоняющий подключения.',
  'Check the spelling of the host; internal names may need a VPN or the company DNS.': 'Проверьте написание имени хоста; внутренним именам может понадобиться VPN или корпоративный DNS.',
  'The DNS server did not answer; check the network connection and try again.': 'DNS-сервер не ответил; проверьте подключение к сети и повторите попытку.',
  'The host is unreachable or a firewall silently drops the traffic; check the address, port and network path.':
    'Хост недоступен, или брандмауэр молча отбрасывает трафик; проверьте адрес, порт и сетевой маршрут.',
  'The receiver is slow or stuck; check its logs, or raise the HTTP timeout in Settings.': 'Получатель отвечает медленно или завис; проверьте его журналы или увеличьте тайм-аут HTTP в настройках.',
  'A proxy or the receiver dropped the request; for https URLs check that the port really serves TLS.': 'Прокси или получатель оборвал запрос; для адресов https проверьте, что порт действительно обслуживает TLS.',
  'Check the network route, VPN and proxy settings.': 'Проверьте сетевой маршрут, VPN и настройки прокси.',
  'Use http:// for this port, or the port where the receiver serves https.': 'Используйте http:// для этого порта или укажите порт, на котором получатель обслуживает https.',
  'Install a certificate from a trusted authority on the receiver, or fix its name; internal CAs need to be trusted by this computer.':
    'Установите на получателе сертификат доверенного центра сертификации или исправьте имя в нём; внутренний центр сертификации должен быть в доверенных на этом компьютере.',
  "Try again; if it persists, check the receiver's logs.": 'Повторите попытку; если ошибка повторяется, проверьте журналы получателя.',
  'The receiver answered 404 Not Found: nothing handles this path.': 'Получатель ответил 404 Not Found: этот путь никто не обрабатывает.',
  'Check the path part of the URL.': 'Проверьте путь в URL.',
  'The receiver does not accept POST on this path (405).': 'Получатель не принимает POST по этому пути (405).',
  'Point the URL at the endpoint that accepts webhooks (POST).': 'Укажите в URL адрес, который принимает вебхуки (POST).',
  'The receiver refused the request as too large (413).': 'Получатель отклонил запрос как слишком большой (413).',
  "Raise the receiver's body size limit.": 'Увеличьте на получателе лимит размера тела запроса.',
  'The receiver is rate limiting (429 Too Many Requests).': 'Получатель ограничивает частоту запросов (429 Too Many Requests).',
  "Herald retries later; raise the receiver's limit if this persists.": 'Herald повторит позже; если это повторяется, увеличьте лимит на получателе.',
  'Use the final URL (check http vs https and a trailing slash).': 'Укажите конечный URL (проверьте http или https и косую черту в конце).',
  "The problem is on the receiver's side; check its logs. Herald retries on schedule.": 'Проблема на стороне получателя; проверьте его журналы. Herald повторит по расписанию.',
  "Check the receiver's logs for why it rejected the request.": 'Посмотрите в журналах получателя, почему он отклонил запрос.',

  // ---------------------------------------------------------------- Test it: email
  'The server does not offer STARTTLS, and "Require TLS" is on, so nothing was sent in clear.':
    'Сервер не поддерживает STARTTLS, а «Требовать TLS» включено, поэтому ничего не отправлено открытым текстом.',
  'Use SSL/TLS on port 465 if the server has it; turn "Require TLS" off only on a trusted network.':
    'Используйте SSL/TLS на порту 465, если сервер его поддерживает; отключайте «Требовать TLS» только в доверенной сети.',
  'Check the login and password. Gmail, Outlook/Microsoft 365, Yandex and Mail.ru require an app password when two-step sign-in is on; the account password will not work.':
    'Проверьте логин и пароль. Gmail, Outlook/Microsoft 365, Яндекс и Mail.ru при включённой двухэтапной аутентификации требуют пароль приложения; пароль от учётной записи не подойдёт.',
  'Check that the server supports AUTH on this port (often only after STARTTLS) and that login and password are right.':
    'Проверьте, что сервер поддерживает AUTH на этом порту (часто только после STARTTLS) и что логин и пароль верны.',
  'Check the address. Many servers only relay to their own domain, or to others only after authentication.':
    'Проверьте адрес. Многие серверы пересылают почту только в свой домен, а в другие — только после аутентификации.',
  'The server asked to try again later (greylisting, rate limit or a full mailbox); Herald retries on its schedule.':
    'Сервер попросил повторить позже (грейлистинг, ограничение частоты или переполненный ящик); Herald повторит по расписанию.',
  "This is permanent; read the server's reply above for the reason.": 'Это окончательный отказ; причина — в ответе сервера выше.',
  'The server did not answer with TLS: this port speaks plain SMTP.': 'Сервер ответил не по TLS: на этом порту обычный SMTP.',
  'SSL/TLS (implicit) is for port 465; on ports 587 and 25 choose STARTTLS.': 'SSL/TLS (с первого байта) — для порта 465; на портах 587 и 25 выберите STARTTLS.',
  'Port 465 usually expects SSL/TLS from the first byte: choose SSL/TLS. Otherwise check that this is an SMTP port.':
    'Порт 465 обычно ждёт SSL/TLS с первого байта: выберите SSL/TLS. Иначе проверьте, что это SMTP-порт.',
  'Check that this is an SMTP port and the server is not overloaded.': 'Проверьте, что это SMTP-порт и сервер не перегружен.',
  'For an internal server, paste its CA under "Custom CA certificate"; "Allow self-signed" also works but lets anyone in the middle read your mail.':
    'Для внутреннего сервера вставьте его сертификат центра сертификации в поле «Собственный сертификат CA (PEM)»; «Разрешить самоподписанные сертификаты» тоже сработает, но тогда вашу почту сможет прочитать любой посредник.',
  'Test email sent.': 'Тестовое письмо отправлено.',
  'Connection, TLS and login work. No email was sent.': 'Подключение, TLS и вход работают. Письмо не отправлялось.',
  'The certificate is not trusted, and "Allow self-signed" let it through. Prefer pasting the internal CA.':
    'Сертификат не доверенный, и его пропустила настройка «Разрешить самоподписанные сертификаты». Лучше вставьте сертификат внутреннего центра сертификации.',
  'Plain SMTP: mail and the password travel unencrypted.': 'Обычный SMTP: письма и пароль передаются без шифрования.',
  'The server offered no STARTTLS; the session stayed unencrypted.': 'Сервер не предложил STARTTLS; сеанс остался без шифрования.',
  'Turn on "Require TLS" so this fails instead of sending in clear.': 'Включите «Требовать TLS», чтобы в таком случае отправка завершалась ошибкой, а не шла открытым текстом.',
  'SMTP authentication is off.': 'SMTP-аутентификация отключена.',
  '(no banner recorded)': '(приветствие не записано)',
  'This delivery has no valid recipients; edit the rule action that names this email integration.':
    'У этой доставки нет корректных получателей; исправьте действие правила, которое указывает эту интеграцию email.',

  // ---------------------------------------------------------------- Test it: Jira
  'No password is stored: enter the Jira password.': 'Пароль не сохранён: введите пароль Jira.',
  'No access token is stored: enter the token.': 'Токен доступа не сохранён: введите токен.',
  'Open the integration and set the secret.': 'Откройте интеграцию и задайте секрет.',
  'Check the URL and port, and that Jira is running.': 'Проверьте URL и порт и что Jira запущена.',
  'Check the URL for typos; internal names need the company DNS or VPN.': 'Проверьте URL на опечатки; для внутренних имён нужен корпоративный DNS или VPN.',
  'Jira may be overloaded, or a firewall drops the traffic. Raise the timeout if Jira is just slow.':
    'Jira может быть перегружена, или брандмауэр отбрасывает трафик. Если Jira просто медленная, увеличьте тайм-аут.',
  'For an internal Jira, paste the CA certificate under "Custom CA certificate".': 'Для внутренней Jira вставьте сертификат центра сертификации в поле «Собственный сертификат УЦ (PEM)».',
  'Check the URL and the network.': 'Проверьте URL и сеть.',
  'Jira Cloud needs the account e-mail and an API token (id.atlassian.com → Security → API tokens), not the password.':
    'Jira Cloud нужны адрес электронной почты учётной записи и API-токен (id.atlassian.com → Security → API tokens), а не пароль.',
  'Check the personal access token: it may have expired or been revoked (Profile → Personal Access Tokens).':
    'Проверьте персональный токен доступа: он мог истечь или быть отозван (Profile → Personal Access Tokens).',
  'Check the login and password. After several failures Jira may require a CAPTCHA: sign in once in the browser.':
    'Проверьте логин и пароль. После нескольких неудачных попыток Jira может требовать CAPTCHA: войдите один раз через браузер.',
  'The account lacks a permission (e.g. Create Issues in this project), or Jira requires a CAPTCHA after failed logins.':
    'У учётной записи нет нужного права (например, Create Issues в этом проекте), или Jira требует CAPTCHA после неудачных входов.',
  'Check the URL, including any context path such as /jira, and the project key.': 'Проверьте URL, включая контекстный путь вроде /jira, и ключ проекта.',
  'Fix the fields Jira names in the rule action (project, issue type, priority names, labels, required fields).':
    'Исправьте в действии правила поля, которые называет Jira (проект, тип задачи, названия приоритетов, метки, обязательные поля).',
  'Herald waits as long as Retry-After says, then retries.': 'Herald подождёт столько, сколько указано в Retry-After, и повторит.',
  'A server-side problem; Herald retries on the schedule.': 'Проблема на стороне сервера; Herald повторит по расписанию.',
  'Check the URL points at Jira.': 'Проверьте, что URL указывает на Jira.',
  'This delivery has no valid Jira project or issue type; edit the rule action.': 'У этой доставки нет корректного проекта или типа задачи Jira; исправьте действие правила.',
  'Jira answers and the credentials work.': 'Jira отвечает, учётные данные подходят.',
  'Ask a Jira admin for the Create Issues permission in this project.': 'Попросите администратора Jira выдать право Create Issues в этом проекте.',
  'Use one of those names in the rule action.': 'Укажите в действии правила одно из этих названий.',
  'Give those fields a default in Jira, make them optional, or choose another issue type.':
    'Задайте этим полям значения по умолчанию в Jira, сделайте их необязательными или выберите другой тип задачи.',

  // ---------------------------------------------------------------- contract, Test it and deliveries: Microsoft 365 mail
  'Choose SMTP server or Microsoft 365 (Graph API)': 'Выберите SMTP-сервер или Microsoft 365 (Graph API)',
  'Choose password or OAuth2 (XOAUTH2)': 'Выберите пароль или OAuth2 (XOAUTH2)',
  'Directory (tenant) ID is longer than 100 characters': 'Идентификатор каталога (клиента) длиннее 100 символов',
  'Application (client) ID is longer than 100 characters': 'Идентификатор приложения (клиента) длиннее 100 символов',
  "Enter the Directory (tenant) ID from the app registration's Overview in Entra ID": 'Введите идентификатор каталога (клиента) со страницы «Обзор» регистрации приложения в Entra ID',
  'A Directory (tenant) ID is a GUID such as 72f988bf-86f1-41af-91ab-2d7cd011db47, or a domain such as contoso.onmicrosoft.com':
    'Идентификатор каталога (клиента) — это GUID вида 72f988bf-86f1-41af-91ab-2d7cd011db47 или домен вида contoso.onmicrosoft.com',
  "Enter the Application (client) ID from the app registration's Overview in Entra ID": 'Введите идентификатор приложения (клиента) со страницы «Обзор» регистрации приложения в Entra ID',
  'An Application (client) ID is a GUID such as 6731de76-14a6-49ae-97bc-6eba6914391e': 'Идентификатор приложения (клиента) — это GUID вида 6731de76-14a6-49ae-97bc-6eba6914391e',
  'Enter the mailbox that sends, e.g. alerts@contoso.com': 'Введите почтовый ящик, от имени которого идёт отправка, например alerts@contoso.com',
  'Access token': 'Токен доступа',
  'Mail.Send permission': 'Разрешение Mail.Send',
  Mailbox: 'Почтовый ящик',
  'No client secret is stored.': 'Секрет клиента не сохранён.',
  "Paste the client secret's Value from Certificates & secrets of the app registration in Entra ID.":
    'Вставьте значение (Value) секрета клиента из раздела «Сертификаты и секреты» регистрации приложения в Entra ID.',
  'Entra ID rejected the client secret (AADSTS7000215).': 'Entra ID отклонил секрет клиента (AADSTS7000215).',
  "Paste the secret's Value, not its Secret ID, from Certificates & secrets of the app registration; create a new secret if it was lost.":
    'Вставьте значение секрета (Value), а не его идентификатор (Secret ID), из раздела «Сертификаты и секреты» регистрации приложения; если значение утеряно, создайте новый секрет.',
  'The client secret has expired (AADSTS7000222).': 'Срок действия секрета клиента истёк (AADSTS7000222).',
  'Create a new client secret under Certificates & secrets of the app registration and paste its Value here.':
    'Создайте новый секрет клиента в разделе «Сертификаты и секреты» регистрации приложения и вставьте сюда его значение (Value).',
  "Copy the Application (client) ID and the Directory (tenant) ID from the app registration's Overview in Entra ID; the app must be registered in this tenant.":
    'Скопируйте идентификатор приложения (клиента) и идентификатор каталога (клиента) со страницы «Обзор» регистрации приложения в Entra ID; приложение должно быть зарегистрировано в этом каталоге.',
  "Copy the Directory (tenant) ID from the app registration's Overview in Entra ID.": 'Скопируйте идентификатор каталога (клиента) со страницы «Обзор» регистрации приложения в Entra ID.',
  'Entra ID refused the requested scope (AADSTS70011).': 'Entra ID отклонил запрошенную область (scope) (AADSTS70011).',
  'Check the sign-in endpoint under Advanced: Herald asks for the .default scope of Graph or Exchange Online.':
    'Проверьте адрес входа в разделе «Дополнительно»: Herald запрашивает область .default для Graph или Exchange Online.',
  "Entra ID rejected the app's credentials (invalid_client).": 'Entra ID отклонил учётные данные приложения (invalid_client).',
  "Check the Application (client) ID and paste the client secret's Value again.": 'Проверьте идентификатор приложения (клиента) и заново вставьте значение секрета клиента.',
  'The app may not get tokens with a client secret (unauthorized_client).': 'Приложению не разрешено получать токены по секрету клиента (unauthorized_client).',
  'In Entra ID, check that the app registration is enabled for this tenant (Enterprise applications) and that the Application (client) ID is right.':
    'В Entra ID проверьте, что приложение включено в этом каталоге («Корпоративные приложения»), и что идентификатор приложения (клиента) указан верно.',
  'Check the Directory (tenant) ID and the Application (client) ID.': 'Проверьте идентификатор каталога (клиента) и идентификатор приложения (клиента).',
  "Look the AADSTS code up in Microsoft's sign-in error reference.": 'Найдите код AADSTS в справочнике ошибок входа Microsoft.',
  'Check the sign-in endpoint under Advanced; it should be https://login.microsoftonline.com.': 'Проверьте адрес входа в разделе «Дополнительно»; обычно это https://login.microsoftonline.com.',
  'The sign-in endpoint answered 200 without an access token.': 'Адрес входа ответил 200, но без токена доступа.',
  "This is on Microsoft's side; Herald retries on the schedule.": 'Проблема на стороне Microsoft; Herald повторит попытку по расписанию.',
  'Microsoft Graph is throttling this app (429).': 'Microsoft Graph ограничивает частоту запросов этого приложения (429).',
  'Microsoft Graph rejected the access token (401).': 'Microsoft Graph отклонил токен доступа (401).',
  'Check that the app registration belongs to the tenant of this mailbox; Herald already fetched a fresh token once.':
    'Проверьте, что регистрация приложения относится к тому же каталогу, что и почтовый ящик; Herald уже один раз получил новый токен.',
  'Grant the Mail.Send application permission (Microsoft Graph → Application permissions) and admin consent in Entra ID; if an application access policy limits the app to some mailboxes, include this one.':
    'Выдайте приложению разрешение Mail.Send (Microsoft Graph → разрешения приложений) и согласие администратора в Entra ID; если политика доступа приложений ограничивает его некоторыми ящиками, добавьте в неё этот.',
  'Grant the Mail.Send application permission (Microsoft Graph → Application permissions) and admin consent in Entra ID.':
    'Выдайте приложению разрешение Mail.Send (Microsoft Graph → разрешения приложений) и согласие администратора в Entra ID.',
  'Set "From address" to a licensed mailbox (or shared mailbox) of this Microsoft 365 tenant.': 'Укажите в поле «Адрес отправителя» лицензированный (или общий) почтовый ящик этого клиента Microsoft 365.',
  'Check the addresses in the rule action; this is not retried.': 'Проверьте адреса в действии правила; повторной отправки не будет.',
  'Shorten the template or leave out attachments.': 'Сократите шаблон или уберите вложения.',
  "Read Graph's answer above; this is not retried.": 'Прочитайте ответ Graph выше; повторной отправки не будет.',
  'Give the app the SMTP.SendAsApp application permission (Office 365 Exchange Online) with admin consent, register its service principal in Exchange Online and grant it access to this mailbox, and turn on authenticated SMTP for the mailbox.':
    'Выдайте приложению разрешение SMTP.SendAsApp (Office 365 Exchange Online) с согласием администратора, зарегистрируйте его субъект-службу в Exchange Online и дайте ей доступ к этому ящику, а для ящика включите SMTP с проверкой подлинности.',
  'Microsoft Graph accepted the test email.': 'Microsoft Graph принял тестовое письмо.',
  'Token, permission and mailbox check out. No email was sent.': 'Токен, разрешение и почтовый ящик в порядке. Письмо не отправлялось.',
  'The token is not a JWT, so Herald cannot read its permissions; the test email tells.': 'Токен не в формате JWT, поэтому Herald не может прочитать его разрешения; проверьте тестовым письмом.',
  'Send a test email to check the mailbox.': 'Отправьте тестовое письмо, чтобы проверить ящик.',

  // ---------------------------------------------------------------- contract and Test it: Slack
  'Choose incoming webhook or bot token': 'Выберите входящий вебхук или токен бота',
  'Channel is longer than 80 characters': 'Название канала длиннее 80 символов',
  'Text template is longer than 4000 characters': 'Шаблон текста длиннее 4000 символов',
  'Enter the channel, e.g. #security-alerts or C0123ABCD': 'Введите канал, например #security-alerts или C0123ABCD',
  'A channel is #name in lower case or an id such as C0123ABCD': 'Канал — это #имя строчными буквами или идентификатор вида C0123ABCD',
  'Paste the whole webhook URL, e.g. https://hooks.slack.com/services/T000/B000/XXXX': 'Вставьте адрес вебхука целиком, например https://hooks.slack.com/services/T000/B000/XXXX',
  'A bot token starts with xoxb-; copy it from OAuth & Permissions': 'Токен бота начинается с xoxb-; скопируйте его в разделе OAuth & Permissions',
  'Test message': 'Тестовое сообщение',
  'Slack accepted the test message.': 'Slack принял тестовое сообщение.',
  'Slack answered ok': 'Slack ответил ok',
  'The token was accepted; the answer named no workspace.': 'Токен принят; рабочее пространство в ответе не названо.',
  'No webhook URL is stored: paste the incoming webhook URL.': 'Адрес вебхука не сохранён: вставьте адрес входящего вебхука.',
  'No bot token is stored: paste the bot token (xoxb-…).': 'Токен бота не сохранён: вставьте токен бота (xoxb-…).',
  'Create a new one under OAuth & Permissions and paste it here.': 'Создайте новый в разделе OAuth & Permissions и вставьте его сюда.',
  'Paste the bot token (xoxb-…) and save.': 'Вставьте токен бота (xoxb-…) и сохраните.',
  'Reinstall the app to the workspace and paste its new bot token.': 'Переустановите приложение в рабочее пространство и вставьте его новый токен бота.',
  'Turn off token rotation for the app, or paste a fresh token.': 'Отключите ротацию токенов у приложения или вставьте свежий токен.',
  'Add chat:write under OAuth & Permissions, reinstall the app and paste the new token.': 'Добавьте chat:write в разделе OAuth & Permissions, переустановите приложение и вставьте новый токен.',
  'Add a new incoming webhook to the app (Incoming Webhooks) and paste its URL.': 'Добавьте приложению новый входящий вебхук (Incoming Webhooks) и вставьте его адрес.',
  'Ask a Slack admin to allow the app in this channel.': 'Попросите администратора Slack разрешить приложению писать в этот канал.',
  'Choose another channel, or ask an admin to allow the app.': 'Выберите другой канал или попросите администратора разрешить приложение.',
  'Check the channel id or name; for a private channel, invite the bot first (/invite @your-bot).': 'Проверьте идентификатор или имя канала; в закрытый канал сначала пригласите бота (/invite @your-bot).',
  'Invite the bot to the channel: type /invite @your-bot in it.': 'Пригласите бота в канал: наберите в нём /invite @your-bot.',
  'Unarchive the channel, or choose another one.': 'Верните канал из архива или выберите другой.',
  'Check the text template; if it persists, report it as a Herald bug.': 'Проверьте шаблон текста; если ошибка повторяется, сообщите о ней как об ошибке Herald.',
  'Herald retries on the schedule.': 'Herald повторит по расписанию.',
  "Look the code up in Slack's API documentation for chat.postMessage or incoming webhooks.": 'Найдите этот код в документации Slack API для chat.postMessage или входящих вебхуков.',
  'Check the webhook URL or bot token.': 'Проверьте адрес вебхука или токен бота.',
  'Check that the URL points at Slack.': 'Проверьте, что адрес ведёт в Slack.',

  // ---------------------------------------------------------------- contract and Test it: Teams, Discord, Mattermost
  'Paste the whole workflow URL, e.g. https://prod-00.westeurope.logic.azure.com:443/workflows/…': 'Вставьте адрес рабочего процесса целиком, например https://prod-00.westeurope.logic.azure.com:443/workflows/…',
  'Username is longer than 80 characters': 'Имя отправителя длиннее 80 символов',
  'Username is longer than 64 characters': 'Имя отправителя длиннее 64 символов',
  'Discord does not allow "discord" or "clyde" in a webhook username; choose another': 'Discord не допускает «discord» и «clyde» в имени вебхука; выберите другое',
  'Paste the whole webhook URL, e.g. https://discord.com/api/webhooks/123456789012345678/abc…': 'Вставьте адрес вебхука целиком, например https://discord.com/api/webhooks/123456789012345678/abc…',
  'Channel is longer than 64 characters': 'Название канала длиннее 64 символов',
  'A channel is its name in lower case (town-square, not Town Square) or @username': 'Канал — это его имя строчными буквами (town-square, а не Town Square) или @пользователь',
  'Icon URL is longer than 2048 characters': 'Адрес значка длиннее 2048 символов',
  'The icon is an http(s) URL of an image, e.g. https://example.com/herald.png': 'Значок — это http(s)-адрес изображения, например https://example.com/herald.png',
  'Paste the whole webhook URL, e.g. https://mattermost.example.com/hooks/xxx-generatedkey-xxx': 'Вставьте адрес вебхука целиком, например https://mattermost.example.com/hooks/xxx-generatedkey-xxx',
  'Webhook': 'Вебхук',
  'The stored webhook URL is not a valid URL: paste it again.': 'Сохранённый адрес вебхука — не URL: вставьте его заново.',
  'This integration can post here.': 'Эта интеграция может писать сюда.',
  'No webhook URL is stored: paste the Teams workflow URL.': 'Адрес не сохранён: вставьте адрес рабочего процесса Teams.',
  'No webhook URL is stored: paste the Discord webhook URL.': 'Адрес вебхука не сохранён: вставьте адрес вебхука Discord.',
  'No webhook URL is stored: paste the Mattermost incoming webhook URL.': 'Адрес вебхука не сохранён: вставьте адрес входящего вебхука Mattermost.',
  'Teams accepted the test message.': 'Teams принял тестовое сообщение.',
  'Discord accepted the test message.': 'Discord принял тестовое сообщение.',
  'Mattermost accepted the test message.': 'Mattermost принял тестовое сообщение.',
  "Teams accepted it (202 Accepted); the workflow posts it. If nothing appears, open the workflow's run history.":
    'Teams принял его (202 Accepted); публикует рабочий процесс. Если ничего не появилось, откройте журнал запусков рабочего процесса.',
  'The connector posted it (200, "1").': 'Коннектор опубликовал его (200, «1»).',
  'The webhook answered; it named no channel.': 'Вебхук ответил, но канал не назвал.',
  'Discord accepted it': 'Discord принял его',
  "Posted to the webhook's channel": 'Отправлено в канал вебхука',
  'Check the text template; a workflow made from scratch must post the Adaptive Card it receives (attachments).':
    'Проверьте шаблон; рабочий процесс, созданный с нуля, должен публиковать полученную адаптивную карточку (attachments).',
  'In the workflow\'s trigger set "Who can trigger the flow" to Anyone, or copy the URL again and paste it here.':
    'В триггере рабочего процесса выберите «Who can trigger the flow» = Anyone или скопируйте адрес заново и вставьте сюда.',
  'Turn the workflow on in Power Automate (or create it again) and paste its URL.': 'Включите рабочий процесс в Power Automate (или создайте заново) и вставьте его адрес.',
  "Check that the URL is the workflow's or the connector's webhook URL.": 'Проверьте, что это адрес вебхука рабочего процесса или коннектора.',
  "Create a webhook in the channel's settings (Integrations → Webhooks) and paste its URL.": 'Создайте вебхук в настройках канала (Интеграция → Вебхуки) и вставьте его адрес.',
  'Copy the webhook URL again (Integrations → Webhooks → Copy Webhook URL) and paste it here.': 'Скопируйте адрес вебхука заново (Интеграция → Вебхуки → Копировать URL вебхука) и вставьте сюда.',
  'Remove thread_id from the URL, or use a thread that exists.': 'Уберите thread_id из адреса или укажите существующую ветку.',
  "Check the channel's permissions, or create the webhook in a channel it may post to.": 'Проверьте права канала или создайте вебхук в канале, куда ему можно писать.',
  'Check the text template and the username; if it persists, report it as a Herald bug.': 'Проверьте шаблон текста и имя отправителя; если ошибка повторяется, сообщите о ней как об ошибке Herald.',
  'Herald waits as long as Discord says, then retries.': 'Herald подождёт столько, сколько указал Discord, и повторит.',
  'Check that the URL is a Discord webhook URL (…/api/webhooks/<id>/<token>).': 'Проверьте, что это адрес вебхука Discord (…/api/webhooks/<id>/<token>).',
  'Create an incoming webhook (Integrations → Incoming Webhooks) and paste its URL.': 'Создайте входящий вебхук (Интеграции → Входящие вебхуки) и вставьте его адрес.',
  'Ask a Mattermost admin to enable them (System Console → Integrations → Integration Management).': 'Попросите администратора Mattermost включить их (System Console → Integrations → Integration Management).',
  "Enter the channel's name in lower case (town-square, not Town Square), or leave it empty for the webhook's own channel.":
    'Введите имя канала строчными буквами (town-square, а не Town Square) или оставьте поле пустым для собственного канала вебхука.',
  'Leave the channel empty, or untick "Lock to this channel" on the webhook in Mattermost.': 'Оставьте канал пустым или снимите у вебхука в Mattermost флажок «Lock to this channel».',
  "Add the webhook's creator to the channel, or choose another channel.": 'Добавьте создателя вебхука в канал или выберите другой канал.',
  'Check the @username in the channel field.': 'Проверьте @пользователя в поле канала.',
  'Choose another channel.': 'Выберите другой канал.',
  'Check that the URL is a Mattermost incoming webhook URL (…/hooks/<key>).': 'Проверьте, что это адрес входящего вебхука Mattermost (…/hooks/<key>).',

  // ---------------------------------------------------------------- contract and Test it: Splunk, Sumo Logic, InsightConnect
  'Message template is longer than 4000 characters': 'Шаблон сообщения длиннее 4000 символов',
  'Enter the HEC address, e.g. https://splunk.example.com:8088': 'Введите адрес HEC, например https://splunk.example.com:8088',
  'Enter only the scheme, host and port: Herald adds /services/collector/event': 'Укажите только схему, хост и порт: путь /services/collector/event Herald добавит сам',
  'Index name is longer than 80 characters': 'Имя индекса длиннее 80 символов',
  'An index name is lower-case letters, digits, _ and -, starting with a letter or digit': 'Имя индекса — строчные буквы, цифры, _ и -, начинается с буквы или цифры',
  'A HEC token looks like 12345678-9abc-def0-1234-56789abcdef0: copy it from Settings → Data inputs → HTTP Event Collector':
    'Токен HEC выглядит так: 12345678-9abc-def0-1234-56789abcdef0; скопируйте его в Settings → Data inputs → HTTP Event Collector',
  'Paste the whole HTTP source URL, e.g. https://endpoint4.collection.us2.sumologic.com/receiver/v1/http/ZaVnC4dhaV…':
    'Вставьте адрес HTTP-источника целиком, например https://endpoint4.collection.us2.sumologic.com/receiver/v1/http/ZaVnC4dhaV…',
  'Paste the whole trigger URL, e.g. https://us.api.insight.rapid7.com/connect/v1/workflows/…/events/execute':
    'Вставьте адрес триггера целиком, например https://us.api.insight.rapid7.com/connect/v1/workflows/…/events/execute',
  'An Insight API key is letters, digits and dashes: copy it from Insight Platform → API Key Management': 'API-ключ Insight состоит из букв, цифр и дефисов; скопируйте его в Insight Platform → API Key Management',
  'No HEC token is stored: paste the token.': 'Токен HEC не сохранён: вставьте токен.',
  'No source URL is stored: paste the HTTP source URL.': 'Адрес источника не сохранён: вставьте адрес HTTP-источника.',
  'No trigger URL is stored: paste the workflow’s API trigger URL.': 'Адрес триггера не сохранён: вставьте адрес API-триггера рабочего процесса.',
  'HEC health': 'Состояние HEC',
  'Test event': 'Тестовое событие',
  'Test record': 'Тестовая запись',
  'The collector answered 200': 'Коллектор ответил 200',
  'Splunk accepted the test event for the token’s default index.': 'Splunk принял тестовое событие в индекс токена по умолчанию.',
  'Sumo Logic answered 200': 'Sumo Logic ответил 200',
  'Sumo Logic accepted the test record.': 'Sumo Logic принял тестовую запись.',
  'The trigger accepted the event; the answer named no job.': 'Триггер принял событие; задание в ответе не названо.',
  'InsightConnect accepted the test event.': 'InsightConnect принял тестовое событие.',
  'Add the index to the token’s allowed indexes (Settings → Data inputs → HTTP Event Collector → the token → Edit), or clear the Index field to use the token’s default.':
    'Добавьте индекс в разрешённые индексы токена (Settings → Data inputs → HTTP Event Collector → токен → Edit) или очистите поле «Индекс», чтобы писать в индекс токена по умолчанию.',
  'Copy the token from Settings → Data inputs → HTTP Event Collector and paste it here.': 'Скопируйте токен в Settings → Data inputs → HTTP Event Collector и вставьте его сюда.',
  'Enable the token under Settings → Data inputs → HTTP Event Collector, or paste another one.': 'Включите токен в Settings → Data inputs → HTTP Event Collector или вставьте другой.',
  'Report it as a Herald bug.': 'Сообщите об этом как об ошибке Herald.',
  'Check the message template; if it persists, report it as a Herald bug.': 'Проверьте шаблон сообщения; если ошибка повторяется, сообщите о ней как об ошибке Herald.',
  'Turn off "Enable indexer acknowledgement" for this token: Herald keeps its own delivery log.': 'Отключите у этого токена «Enable indexer acknowledgement»: Herald сам ведёт журнал доставки.',
  'Splunk is overloaded; Herald retries on the schedule.': 'Splunk перегружен; Herald повторит по расписанию.',
  'Look the code up in Splunk’s HTTP Event Collector status codes.': 'Найдите этот код в списке кодов состояния HTTP Event Collector в документации Splunk.',
  'Splunk answered 404: nothing handles /services/collector here.': 'Splunk ответил 404: по адресу /services/collector ничего нет.',
  'Check the address and port: HEC listens on its own port, 8088 by default, and must be enabled under Global Settings.': 'Проверьте адрес и порт: HEC слушает свой порт (по умолчанию 8088) и должен быть включён в Global Settings.',
  'Check that the address points at the HTTP Event Collector.': 'Проверьте, что адрес ведёт на HTTP Event Collector.',
  'Create a new HTTP source (or regenerate its URL) in Sumo Logic under Collection, and paste the new URL here.': 'Создайте новый HTTP-источник (или сгенерируйте новый адрес) в Sumo Logic в разделе Collection и вставьте новый адрес сюда.',
  'Check Sumo Logic’s status page; Herald retries on the schedule.': 'Посмотрите страницу состояния Sumo Logic; Herald повторит по расписанию.',
  'Check that the URL is an HTTP Logs & Metrics source URL.': 'Проверьте, что это адрес источника HTTP Logs & Metrics.',
  'If the trigger requires an API key, paste an active Insight user or organization key (Insight Platform → Administration → API Key Management); otherwise clear the key.':
    'Если триггер требует API-ключ, вставьте действующий пользовательский или организационный ключ Insight (Insight Platform → Administration → API Key Management); иначе очистите поле ключа.',
  'Use a key of a user or organization with access to this InsightConnect workflow.': 'Используйте ключ пользователя или организации с доступом к этому рабочему процессу InsightConnect.',
  'The workflow was deactivated or deleted, or the URL is mistyped: activate the workflow in InsightConnect, or copy its API trigger URL again.':
    'Рабочий процесс выключен или удалён, либо адрес введён с ошибкой: включите рабочий процесс в InsightConnect или заново скопируйте адрес его API-триггера.',
  'Check that the trigger’s variables match Herald’s record fields (message, trigger, project, policy, severity, …).': 'Проверьте, что переменные триггера совпадают с полями записи Herald (message, trigger, project, policy, severity, …).',
  'Check that the URL is the workflow’s API trigger URL.': 'Проверьте, что это адрес API-триггера рабочего процесса.',

  // ---------------------------------------------------------------- contract and Test it: PagerDuty, Opsgenie
  'PagerDuty severity is critical, error, warning or info': 'Критичность PagerDuty — critical, error, warning или info',
  'Opsgenie priority is P1, P2, P3, P4 or P5': 'Приоритет Opsgenie — P1, P2, P3, P4 или P5',
  'A routing key is the 32-character Integration Key of an Events API v2 integration': 'Ключ маршрутизации — это Integration Key из 32 символов от интеграции Events API v2',
  'An Opsgenie API key looks like 1a2b3c4d-5e6f-…; copy it from the API integration': 'Ключ API Opsgenie выглядит как 1a2b3c4d-5e6f-…; скопируйте его из интеграции API',
  'Team names cannot be empty': 'Название команды не может быть пустым',
  'A team name is longer than 100 characters': 'Название команды длиннее 100 символов',
  'At most 50 teams': 'Не больше 50 команд',
  'Message template is longer than 1000 characters': 'Шаблон сообщения длиннее 1000 символов',
  'No routing key is stored: paste the Integration Key of an Events API v2 integration.': 'Ключ маршрутизации не сохранён: вставьте Integration Key интеграции Events API v2.',
  'No API key is stored: paste the API key of an Opsgenie API integration.': 'Ключ API не сохранён: вставьте ключ интеграции API в Opsgenie.',
  'Test alert': 'Тестовое оповещение',
  'Resolve the test alert': 'Закрытие тестового оповещения',
  'Request status': 'Статус запроса',
  'Close the test alert': 'Закрытие тестового оповещения',
  'PagerDuty accepted a test alert and it was resolved at once.': 'PagerDuty принял тестовое оповещение, и оно сразу закрыто.',
  'Opsgenie accepted a test alert and it was closed at once.': 'Opsgenie принял тестовое оповещение, и оно сразу закрыто.',
  'Opsgenie has not processed it yet; it processes requests asynchronously.': 'Opsgenie ещё не обработал запрос: он обрабатывает запросы асинхронно.',
  'Copy the Integration Key of the service’s Events API v2 integration (Service → Integrations) and paste it as the routing key.':
    'Скопируйте Integration Key интеграции Events API v2 сервиса (Service → Integrations) и вставьте его как ключ маршрутизации.',
  'Check the summary template; if it persists, report it as a Herald bug.': 'Проверьте шаблон заголовка; если ошибка повторяется, сообщите о ней как об ошибке Herald.',
  'Herald backs off on the retry schedule (or as long as Retry-After says) and retries.': 'Herald выждет по расписанию повторов (или столько, сколько сказано в Retry-After) и повторит.',
  'Choose the US or EU service region, or check the events URL.': 'Выберите регион сервиса (США или ЕС) или проверьте адрес Events API.',
  'Check that the events URL points at PagerDuty.': 'Проверьте, что адрес Events API ведёт в PagerDuty.',
  'Use the API key of an API integration with Create and Update Access (Settings → Integrations → API); an account API key cannot create alerts.':
    'Используйте ключ интеграции API с правами Create and Update Access (Settings → Integrations → API); ключ API учётной записи не может создавать оповещения.',
  'Check the message template and the team names; if it persists, report it as a Herald bug.': 'Проверьте шаблон сообщения и названия команд; если ошибка повторяется, сообщите о ней как об ошибке Herald.',
  'Herald waits as long as Retry-After says (else the retry schedule), then retries.': 'Herald выждет столько, сколько сказано в Retry-After (иначе — по расписанию повторов), и повторит.',
  'Choose the US or EU region that matches your Opsgenie account, or check the API base.': 'Выберите регион (США или ЕС) вашей учётной записи Opsgenie или проверьте базовый адрес API.',
  'Check that the API base points at Opsgenie.': 'Проверьте, что базовый адрес API ведёт в Opsgenie.',

  // ---------------------------------------------------------------- contract and Test it: Telegram
  'Enter the chat id, e.g. -1001234567890 or @security_alerts': 'Введите идентификатор чата, например -1001234567890 или @security_alerts',
  'Chat id is longer than 40 characters': 'Идентификатор чата длиннее 40 символов',
  'A chat id is a number (negative for groups, -100… for supergroups and channels) or @channelusername': 'Идентификатор чата — число (отрицательное у групп, -100… у супергрупп и каналов) или @имяканала',
  'The topic id is a number, e.g. 42; leave it empty outside forum topics': 'Идентификатор темы — число, например 42; вне тем форума оставьте поле пустым',
  'A bot token looks like 123456789:AAE…; copy it from @BotFather': 'Токен бота выглядит как 123456789:AAE…; скопируйте его у @BotFather',
  'Bot': 'Бот',
  'The token was accepted; the answer named no bot.': 'Токен принят; бот в ответе не назван.',
  'No bot token is stored: paste the token from @BotFather.': 'Токен бота не сохранён: вставьте токен от @BotFather.',
  'Telegram refused the bot token (401).': 'Telegram отклонил токен бота (401).',
  'Copy the token from @BotFather (/mybots → API Token) and paste it here.': 'Скопируйте токен у @BotFather (/mybots → API Token) и вставьте его сюда.',
  'Check the token from @BotFather and the API base URL.': 'Проверьте токен от @BotFather и базовый URL API.',
  'For a person: open the bot in Telegram and press Start. For a group or channel: add the bot to it. Then check the chat id.':
    'Для человека: откройте бота в Telegram и нажмите «Старт». Для группы или канала: добавьте в них бота. Затем проверьте идентификатор чата.',
  'Ask the user to unblock the bot and press Start again.': 'Попросите пользователя разблокировать бота и снова нажать «Старт».',
  'Add the bot to the group, or to the channel as an administrator allowed to post.': 'Добавьте бота в группу или в канал — администратором с правом публикации.',
  'Add the bot to the chat again.': 'Снова добавьте бота в чат.',
  'Open the bot in Telegram and press Start, then test again.': 'Откройте бота в Telegram, нажмите «Старт» и проверьте снова.',
  'Choose another chat.': 'Выберите другой чат.',
  'Change the chat id to the supergroup’s id (-100…).': 'Замените идентификатор чата на идентификатор супергруппы (-100…).',
  'Check the topic id, or leave it empty to post in the main thread.': 'Проверьте идентификатор темы или оставьте поле пустым, чтобы писать в основной чат.',
  'Check the text template: close every tag, use only tags Telegram supports (b, i, u, s, code, pre, a), and write &, < and > as &amp;, &lt; and &gt;.':
    'Проверьте шаблон текста: закройте все теги, используйте только теги, которые поддерживает Telegram (b, i, u, s, code, pre, a), и пишите &, < и > как &amp;, &lt; и &gt;.',
  'Shorten the text template.': 'Сократите шаблон текста.',
  'Allow the bot to send messages (in a channel, make it an administrator who may post).': 'Разрешите боту отправлять сообщения (в канале сделайте его администратором с правом публикации).',
  'Herald waits as long as retry_after says, then retries.': 'Herald подождёт столько, сколько указано в retry_after, и повторит.',
  'Check that the API base URL points at Telegram.': 'Проверьте, что базовый URL API ведёт в Telegram.',
  'Look the description up in the Telegram Bot API documentation for sendMessage.': 'Найдите это описание в документации Telegram Bot API для sendMessage.',

  // ---------------------------------------------------------------- contract and Test it: SMS gateway
  'Enter a phone number in international form, e.g. +447700900123': 'Введите номер в международном формате, например +447700900123',
  'Add the phone numbers to text': 'Добавьте номера телефонов для SMS',
  'At most 50 numbers; a gateway group or list is better for more': 'Не больше 50 номеров; для большего числа лучше группа или список на шлюзе',
  'Enter the gateway URL, e.g. https://sms.example.com/api/send': 'Введите URL шлюза, например https://sms.example.com/api/send',
  'Not a valid http:// or https:// URL, e.g. https://sms.example.com/api/send?to={{ phone }}': 'Это не URL с http:// или https://, например https://sms.example.com/api/send?to={{ phone }}',
  'Choose POST, GET or PUT': 'Выберите POST, GET или PUT',
  'Choose none, basic, bearer token or a custom header': 'Выберите: без авторизации, basic, bearer-токен или свой заголовок',
  'Choose JSON, form or plain text': 'Выберите JSON, форму или простой текст',
  'Body template is longer than 10,000 characters': 'Шаблон тела длиннее 10 000 символов',
  'Text template is longer than 2000 characters': 'Шаблон текста длиннее 2000 символов',
  'Choose automatic or always UCS-2': 'Выберите «автоматически» или «всегда UCS-2»',
  'Enter how many SMS parts a message may use, 1 to 10': 'Укажите, из скольких частей SMS может состоять сообщение, от 1 до 10',
  'Use a whole number of parts': 'Укажите целое число частей',
  'At least 1 part': 'Не меньше 1 части',
  'At most 10 parts': 'Не больше 10 частей',
  'Success text is longer than 200 characters': 'Текст успешного ответа длиннее 200 символов',
  'Enter the gateway login, or choose another authentication': 'Введите логин шлюза или выберите другой способ авторизации',
  'Enter the header name, e.g. X-API-Key': 'Введите имя заголовка, например X-API-Key',
  'No phone numbers to text: add recipients to the SMS integration or to the rule action.': 'Нет номеров для SMS: добавьте получателей в интеграцию SMS или в действие правила.',
  'Read the gateway’s answer: it reports an error in the body. If it reports success another way, change “Success must contain”.':
    'Прочитайте ответ шлюза: он сообщает об ошибке в теле. Если успех он сообщает иначе, измените поле «Успех, если ответ содержит».',
  'Check the authentication type, the login and the secret the gateway expects.': 'Проверьте тип авторизации, логин и секрет, которые ждёт шлюз.',
  'The SMS gateway says 429: too many requests.': 'SMS-шлюз ответил 429: слишком много запросов.',
  'Check the gateway URL and the method it expects.': 'Проверьте URL шлюза и метод, который он ждёт.',
  'Check the number, the body template and the content type the gateway expects; its answer is in the log.': 'Проверьте номер, шаблон тела и тип содержимого, которые ждёт шлюз; его ответ — в журнале.',
  'Test SMS': 'Тестовое SMS',
  'No number to text.': 'Нет номера для SMS.',
  'Type a number in Test it, or add a recipient, then test again.': 'Введите номер в панели проверки или добавьте получателя и проверьте снова.',
  'Fix the body template and test again.': 'Исправьте шаблон тела и проверьте снова.',

  // ---------------------------------------------------------------- integrations: state and notices
  'Disabled by a user': 'Отключена пользователем',
  'Created disabled': 'Создана отключённой',
  'Deliveries paused: events are recorded and queued, nothing is sent': 'Доставка приостановлена: события записываются и ставятся в очередь, ничего не отправляется',
  'Deliveries resumed': 'Доставка возобновлена',

  // ---------------------------------------------------------------- dry run
  'Rule is active': 'Правило включено',
  'Rule is switched off': 'Правило выключено',
  'All projects': 'Все проекты',
  'Finishes the scan its digest collects': 'Завершает сканирование, по которому собирается сводка',
  'Finishes the scan: alerts it no longer reports are resolved': 'Завершает сканирование: оповещения, которых оно больше не находит, закрываются',
  'No alert it keeps open in this project is missing from the scan: nothing to resolve.': 'Все оповещения, открытые ею в этом проекте, сканирование снова нашло: закрывать нечего.',
  'No policy alert of this scan matched the rule: no digest email is sent.': 'Ни одно срабатывание политики в этом сканировании не подошло под правило: сводное письмо не отправляется.',
  'Held for the scan digest: one email lists every policy alert when the analysis finishes.':
    'Отложено для сводки по сканированию: когда анализ завершится, одно письмо перечислит все срабатывания политик.',

  // ---------------------------------------------------------------- errors of calls
  'kind cannot change; create a new integration instead': 'Тип интеграции изменить нельзя — создайте новую интеграцию',
  'kind cannot change': 'Тип интеграции изменить нельзя',
  'No such integration; it may have been deleted. Choose another one.': 'Такой интеграции нет; возможно, её удалили. Выберите другую.',
  // fallback escalation (issue 8)
  'Choose the integration to escalate to': 'Выберите интеграцию для эскалации',
  'Enter the minutes to wait before escalating: a whole number from 1 to 10080 (a week)': 'Укажите, сколько минут ждать перед эскалацией: целое число от 1 до 10080 (неделя)',
  "Escalate to another integration than the action's own: choose a different one": 'Эскалация идёт в другую интеграцию, не в ту же, что у действия: выберите другую',
  'A scan digest cannot escalate: it holds alerts until the scan finishes. Remove the fallback, or send one email per event.':
    'Сводка по сканированию не эскалируется: она копит срабатывания до конца сканирования. Уберите эскалацию или отправляйте по письму на каждое событие.',
  'A fallback sends the one event that was not delivered: choose one email per event': 'Эскалация отправляет одно недоставленное событие: выберите «Одно письмо на событие»',
  'A scan digest lists triggered policies: add "SCA Policy has been triggered" or "OSA Policy has been triggered" to the rule\'s events, or send one email per event.':
    'Сводка по сканированию перечисляет сработавшие политики: добавьте в события правила «Сработала политика SCA» или «Сработала политика OSA» либо отправляйте по письму на каждое событие.',
  'A scan digest lists triggered policies: add "SCA Policy has been triggered" or "OSA Policy has been triggered" to the events, or send one email per event.':
    'Сводка по сканированию перечисляет сработавшие политики: добавьте в события «Сработала политика SCA» или «Сработала политика OSA» либо отправляйте по письму на каждое событие.',
  "A stored secret could not be decrypted with this data folder's key. Enter the secret again.": 'Сохранённый секрет не расшифровывается ключом этой папки данных. Введите секрет заново.',
  "This secret was encrypted by the desktop app's OS keychain and cannot be read in browser mode. Open Herald as a desktop app, or enter the secret again here.":
    'Этот секрет зашифрован хранилищем ключей ОС в настольном приложении и недоступен в режиме браузера. Откройте Herald как настольное приложение или введите секрет здесь заново.',
  'Missing or wrong API token: send "Authorization: Bearer <token>" (the token is in the data folder\'s api-token file).':
    'API-токен не передан или неверен: отправьте «Authorization: Bearer <token>» (токен — в файле api-token в папке данных).',
  'Unexpected server error; it was logged.': 'Непредвиденная ошибка сервера; она записана в журнал.',
  'Untrusted sender': 'Недоверенный отправитель',
  'The request body must be a JSON object': 'Тело запроса должно быть JSON-объектом',
  'Send a JSON object with Content-Type: application/json': 'Отправьте JSON-объект с Content-Type: application/json',

  // ---------------------------------------------------------------- catalogue: payload fields (Events screen)
  'Branch or tag being cloned': 'Клонируемая ветка или тег',
  'Component that triggered the policy, e.g. "org.apache.logging.log4j:log4j-core"': 'Компонент, на котором сработала политика, например "org.apache.logging.log4j:log4j-core"',
  'Container image id in CodeScoring': 'Id образа контейнера в CodeScoring',
  'Deliveries still waiting for it': 'Сколько доставок ещё ждут эту интеграцию',
  'Error description reported by CodeScoring': 'Описание ошибки от CodeScoring',
  'Id of the disabled integration in Herald': 'Id отключённой интеграции в Herald',
  'Id of the triggered policy': 'Id сработавшей политики',
  'Image reference: registry/name:tag': 'Ссылка на образ: registry/name:tag',
  'Kind of the disabled integration: webhook, email, jira…': 'Вид отключённой интеграции: webhook, email, jira…',
  'Name of the disabled integration': 'Название отключённой интеграции',
  'Name of the triggered policy': 'Название сработавшей политики',
  'Number of dependencies found': 'Сколько найдено зависимостей',
  'Number of vulnerabilities found': 'Сколько найдено уязвимостей',
  'Package URL of the component, e.g. "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1"': 'Package URL компонента, например "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1"',
  'Package checked by OSA': 'Пакет, проверенный OSA',
  'Policy alert id in CodeScoring': 'Id срабатывания политики в CodeScoring',
  'Project id in CodeScoring': 'Id проекта в CodeScoring',
  'Project name in CodeScoring': 'Название проекта в CodeScoring',
  'Severity of the finding: critical, high, medium, low or info': 'Уровень серьёзности находки: critical, high, medium, low или info',
  'Stage the policy was checked at, e.g. "dev", "test", "stage", "prod"': 'Стадия, на которой проверялась политика, например "dev", "test", "stage", "prod"',
  'True if the policy blocks the build': 'true, если политика блокирует сборку',
  'URL of the repository being cloned': 'URL клонируемого репозитория',
  'Version of the component': 'Версия компонента',
  'Version of the package checked by OSA': 'Версия пакета, проверенного OSA',
  'Vulnerability id, e.g. "CVE-2021-44228"; absent for license policies': 'Id уязвимости, например "CVE-2021-44228"; у лицензионных политик отсутствует',
  'When it was disabled (ISO 8601)': 'Когда интеграцию отключили (ISO 8601)',
  'Why Herald disabled it, in plain words': 'Почему Herald её отключил, простыми словами',

  // ---------------------------------------------------------------- email template variables (templates.ts)
  'The trigger\'s title, e.g. "SCA Policy has been triggered"': 'Название триггера, например "SCA Policy has been triggered"',
  'What the trigger means, in one sentence': 'Что означает триггер, одним предложением',
  'The trigger name, e.g. sca_policy_has_been_triggered (also event.trigger)': 'Имя триггера, например sca_policy_has_been_triggered (то же, что event.trigger)',
  'The product area: sca, osa, containers, clones, authors, repositories, secrets, ml_model or system':
    'Область продукта: sca, osa, containers, clones, authors, repositories, secrets, ml_model или system',
  'The project or container image the event is about; empty when it has none': 'Проект или образ контейнера, к которому относится событие; пусто, если его нет',
  'When it happened, e.g. "2026-11-23 09:41 UTC"': 'Когда это произошло, например "2026-11-23 09:41 UTC"',
  'When it happened, ISO 8601; format it with the date filter, e.g. {{ event.created_at | date: "%d %b %Y %H:%M" }} (UTC)':
    'Когда это произошло, в ISO 8601; форматируйте фильтром date, например {{ event.created_at | date: "%d %b %Y %H:%M" }} (UTC)',
  'Any payload field, e.g. event.payload.policy_name; fields differ per trigger (see the catalogue)':
    'Любое поле payload, например event.payload.policy_name; у каждого триггера свои поля (см. каталог)',
  'The payload as a list for tables: each has key, label, value (nested values as JSON) and line ("Label: value", aligned)':
    'payload списком для таблиц: у каждого элемента есть key, label, value (вложенные значения — в JSON) и line ("Label: value", с выравниванием)',
  "Herald's event id": 'Id события в Herald',
  'The name of this email integration': 'Название этой интеграции email',
  'The project or container image that was analysed': 'Проанализированный проект или образ контейнера',
  '"project" or "container image"': '"project" или "container image"',
  'How many policies triggered during the analysis': 'Сколько политик сработало за время анализа',
  'How many of them block the build': 'Сколько из них блокируют сборку',
  'The triggered policies, oldest first; each has policy_name, blocker (true/false), dependency, dependency_version, vulnerability (may be empty), severity, stage, purl, trigger, created_at and time':
    'Сработавшие политики, сначала самые ранние; у каждой есть policy_name, blocker (true/false), dependency, dependency_version, vulnerability (может быть пустым), severity, stage, purl, trigger, created_at и time',
  'When the analysis finished, e.g. "2026-11-23 09:41 UTC" (analysis.created_at is ISO 8601)': 'Когда анализ завершился, например "2026-11-23 09:41 UTC" (analysis.created_at — в ISO 8601)',
  "The finished event's payload: vulnerabilities_count, dependencies_count, project_name or container_image_name":
    'payload события о завершении: vulnerabilities_count, dependencies_count, project_name или container_image_name',
  "The finished event's payload as a list of key, label, value and line": 'payload события о завершении списком из key, label, value и line',

  // ---------------------------------------------------------------- email templates (LiquidJS)
  'a {% raw %} block is not closed; add {% endraw %}': 'блок {% raw %} не закрыт; добавьте {% endraw %}',
  'email templates cannot include other files ({% include %}, {% render %} and {% layout %} have nothing to load); put the content in this template':
    'шаблоны писем не могут подключать другие файлы ({% include %}, {% render %} и {% layout %} нечего загружать); поместите содержимое в этот шаблон',
  'rendering the sample events took too long in total and was stopped; simplify the loops so each email renders quickly':
    'отрисовка примеров событий в сумме заняла слишком много времени и была остановлена; упростите циклы, чтобы каждое письмо отрисовывалось быстро',
  'the template builds too much output or too large a range and was stopped; use smaller loops and ranges':
    'шаблон строит слишком большой вывод или диапазон и был остановлен; используйте циклы и диапазоны поменьше',
  'the template is too long; shorten it': 'шаблон слишком длинный; сократите его',
  // ---------------------------------------------------------------- sandbox and demo clock (issue 7)
  'rate is the share of sends that fail, from 0 to 1, e.g. 0.3': 'rate — доля отправок, которые завершатся ошибкой, от 0 до 1, например 0.3',
  'rate is at least 0 (nothing fails)': 'rate не меньше 0 (ничего не падает)',
  'rate is at most 1 (every send fails)': 'rate не больше 1 (падает каждая отправка)',
  'A failure is status, timeout or slow': 'Сбой — это status, timeout или slow',
  'Choose at least one way to fail: status, timeout or slow': 'Выберите хотя бы один вид сбоя: status, timeout или slow',
  'status is an error code from 400 to 599, e.g. 503 (HTTP) or 451 (SMTP)': 'status — код ошибки от 400 до 599, например 503 (HTTP) или 451 (SMTP)',
  'delay_ms is a whole number of milliseconds up to 120000': 'delay_ms — целое число миллисекунд, не больше 120000',
  'delay_ms is at least 0': 'delay_ms не меньше 0',
  'delay_ms is at most 120000 (two minutes)': 'delay_ms не больше 120000 (две минуты)',
  'mode is live, capture or chaos': 'Режим — live, capture или chaos',
  'status is an HTTP status from 200 to 599, e.g. 200 or 202': 'status — HTTP-статус от 200 до 599, например 200 или 202',
  'The answer body is at most 10,000 characters': 'Тело ответа — не больше 10 000 символов',
  'limit is at least 1': 'limit не меньше 1',
  'limit is at most 2000': 'limit не больше 2000',
  'Choose the email integration to release through': 'Выберите почтовую интеграцию, через которую отправить письмо',
  'scale is how many times faster engine time runs: 1, 60 or 3600': 'scale — во сколько раз быстрее идёт время движка: 1, 60 или 3600',
  'scale is a whole number: 1, 60 or 3600': 'scale — целое число: 1, 60 или 3600',
  'scale is at least 1 (real time)': 'scale не меньше 1 (реальное время)',
  'scale is at most 1000000': 'scale не больше 1000000',
  'Choose an email integration from the list': 'Выберите почтовую интеграцию из списка',
  'Choose an email integration': 'Выберите почтовую интеграцию',
  'Choose a live email integration': 'Выберите почтовую интеграцию в рабочем режиме',
  'This engine runs on a test clock; its speed cannot change': 'Движок работает на тестовых часах: их скорость менять нельзя',
  'Demo clock off: time runs at real speed': 'Демо-часы выключены: время идёт с обычной скоростью',

  // Scheduled reports (seed 003)
  'Choose daily, weekly or monthly': 'Выберите: ежедневно, еженедельно или ежемесячно',
  'Enter the time as HH:MM, e.g. 09:00': 'Укажите время в формате ЧЧ:ММ, например 09:00',
  'Enter the time as HH:MM (24-hour), e.g. 09:00': 'Укажите время в формате ЧЧ:ММ (24 часа), например 09:00',
  'Choose a day of the week': 'Выберите день недели',
  'Choose a day from 1 to 28, or the last day of the month': 'Выберите день с 1 по 28 или последний день месяца',
  'Enter a time zone, e.g. Europe/Berlin': 'Укажите часовой пояс, например Europe/Moscow',
  'Unknown time zone: use an IANA name such as Europe/Berlin or America/New_York': 'Неизвестный часовой пояс: укажите имя из базы IANA, например Europe/Moscow или Europe/Berlin',
  'Enter a name for the report': 'Введите название отчёта',
  'Enter a name for the report, e.g. "Weekly security summary"': 'Введите название отчёта, например «Еженедельная сводка безопасности»',
  'At most 100 recipients per report; use a distribution list for more': 'Не больше 100 получателей на отчёт; если нужно больше, используйте список рассылки',
  'No such integration; it may have been deleted. Choose an email integration.': 'Такой интеграции нет; возможно, её удалили. Выберите почтовую интеграцию.',
  'Reports are sent by email: choose an email integration': 'Отчёты отправляются по почте: выберите почтовую интеграцию',
  'The email integration of this report was deleted. Choose another one for the report.': 'Почтовую интеграцию этого отчёта удалили. Выберите для отчёта другую.',
};

const REPLY = '(?: The server said: "(.*)"\\.)?';
const SAID = '(?: Jira says: (.*))?';

export const patterns: [RegExp, Render][] = [
  // ---------------------------------------------------------------- contract messages built from values
  [/^Use http:\/\/ or https:\/\/ \(got (.*)\)$/, (got) => `Адрес должен начинаться с http:// или https:// (сейчас ${got})`],
  [/^(.+) cannot contain line breaks or control characters$/, (what) => `${label(what)}: не должно быть переводов строки и управляющих символов`],
  [/^Enter the value to compare (.+) with$/, (field) => `Введите значение, с которым сравнивать ${field}`],
  [/^"(.*)" is not a duration: write e\.g\. 30s, 5m, 3h or 1d$/, (part) => `«${part}» — не длительность: пишите, например, 30s, 5m, 3h или 1d`],
  [/^Unknown trigger (.+); choose one from the catalogue$/, (name) => `Неизвестный триггер ${name}; выберите триггер из каталога`],
  [/^kinds are (.+)$/, (list) => `kinds — одно из: ${list}`],
  [/^severity must be one of (.+)$/, (list) => `severity — одно из: ${list}`],
  [/^([\w.]+) must be a whole number$/, (field) => `${field} должно быть целым числом`],
  [/^([\w.]+) cannot be negative$/, (field) => `${field} не может быть отрицательным`],
  [/^([\w.]+) must be text$/, (field) => `${field} должно быть текстом`],
  [/^([\w.]+) cannot be empty$/, (field) => `${field} не может быть пустым`],

  // ---------------------------------------------------------------- zod's built-in messages
  [
    /^Invalid input: expected (\w+), received (\w+)$/,
    (expected, received) =>
      received === 'undefined'
        ? `Заполните поле: ожидается ${type(expected)}`
        : expected === 'int' && received === 'number'
          ? 'Нужно целое число'
          : `Неверное значение: нужно ${type(expected)}, а не ${type(received)}`,
  ],
  [/^Invalid input: expected (.+)$/, (value) => `Неверное значение: ожидается ${value}`],
  [/^Invalid option: expected one of (.+)$/, (values) => `Неверное значение: допустимо одно из ${values}`],
  [
    /^Too (big|small): expected (\w+) to have (<=|<|>=|>|exactly )(\d+) (characters|items|entries|bytes|elements)$/,
    (size, origin, adj, n, unit) => {
      const units: Record<string, [string, string, string, string]> = {
        // [genitive one, genitive many, nominative few, nominative many]
        characters: ['символа', 'символов', 'символа', 'символов'],
        bytes: ['байта', 'байт', 'байта', 'байт'],
        items: ['элемента', 'элементов', 'элемента', 'элементов'],
        entries: ['записи', 'записей', 'записи', 'записей'],
        elements: ['элемента', 'элементов', 'элемента', 'элементов'],
      };
      const [g1, gN, nFew, nMany] = units[unit]!;
      const text = origin === 'string';
      if (adj === 'exactly ') return `Нужно ровно ${n} ${plural(n, text ? 'символ' : unit === 'entries' ? 'запись' : 'элемент', nFew, nMany)}`;
      const word = genitive(n, g1, gN);
      if (size === 'big') return adj === '<=' ? (text ? `Не длиннее ${n} ${word}` : `Не больше ${n} ${word}`) : text ? `Короче ${n} ${word}` : `Меньше ${n} ${word}`;
      return adj === '>=' ? (text ? `Не короче ${n} ${word}` : `Не меньше ${n} ${word}`) : text ? `Длиннее ${n} ${word}` : `Больше ${n} ${word}`;
    },
  ],
  [
    /^Too (big|small): expected (\w+) to be (<=|<|>=|>|exactly )(.+)$/,
    (size, _origin, adj, n) => {
      if (adj === 'exactly ') return `Нужно ровно ${n}`;
      if (size === 'big') return adj === '<=' ? `Не больше ${n}` : `Должно быть меньше ${n}`;
      return adj === '>=' ? `Не меньше ${n}` : `Должно быть больше ${n}`;
    },
  ],
  [/^Invalid string: must match pattern (.+)$/, (pattern) => `Неверный формат: значение должно соответствовать шаблону ${pattern}`],
  [/^Invalid string: must start with "(.*)"$/, (prefix) => `Неверный формат: значение должно начинаться с «${prefix}»`],
  [/^Invalid string: must end with "(.*)"$/, (suffix) => `Неверный формат: значение должно заканчиваться на «${suffix}»`],
  [/^Invalid string: must include "(.*)"$/, (part) => `Неверный формат: значение должно содержать «${part}»`],
  [/^Invalid number: must be a multiple of (.+)$/, (n) => `Число должно быть кратно ${n}`],
  [/^Unrecognized keys?: (.+)$/, (keys) => (keys.includes(', ') ? `Лишние поля: ${keys}` : `Лишнее поле: ${keys}`)],
  [/^Invalid key in (\w+)$/, (origin) => `Неверный ключ в ${type(origin)}`],
  [/^Invalid value in (\w+)$/, (origin) => `Неверное значение в ${type(origin)}`],
  [/^Invalid discriminator value\. Expected (.+)$/, (values) => `Неверный вид: ожидается одно из ${values}`],
  [/^Invalid (.+)$/, (format) => FORMATS[format] ?? `Неверное значение (${format})`],

  // ---------------------------------------------------------------- Test it: HTTP
  [/^"(.*)" is not an http\(s\) URL\.$/, (url) => `«${url}» — не адрес http(s).`],
  [/^(HTTPS|HTTP) to (.+) port (\d+), path (.*)$/, (scheme, host, port, path) => `${scheme} к ${host}, порт ${port}, путь ${path}`],
  [/^(.+) is an IP address; no lookup needed\.$/, (host) => `${host} — IP-адрес, DNS-запрос не нужен.`],
  [/^DNS lookup of (.+) failed temporarily\.$/, (host) => `DNS-запрос для ${host} временно не удался.`],
  [/^DNS lookup of (.+?) failed: (.+)$/, (host, error) => `DNS-запрос для ${host} не удался: ${tr(error)}`],
  [/^Connected to (.+), but the receiver did not answer in time\.$/, (where) => `Подключение к ${where} установлено, но получатель не ответил вовремя.`],
  [/^Connected to (\S+)$/, (where) => `Подключено к ${where}`],
  [
    /^certificate for (.+), issued by (.+), expires (\S+)$/,
    (subject, issuer, date) =>
      `сертификат для ${subject === 'unknown subject' ? 'неизвестного субъекта' : subject}, выдан ${issuer === 'unknown issuer' ? 'неизвестным издателем' : issuer}, действует до ${date}`,
  ],
  [/^((?:SSL\/TLS|STARTTLS): )?([\w.]+), (certificate for .+|no certificate)$/, (mode, protocol, cert) => `${mode ?? ''}${protocol}, ${tr(cert)}`],
  [/^(TLS failed: .+\.) (certificate for .+|no certificate)$/, (problem, cert) => `${tr(problem)} ${capitalise(tr(cert))}`],
  [
    /^TLS failed: (.+)$/,
    (text) => {
      const [raw, hint] = splitRaw(text);
      const problem = raw.replace(/\.$/, '');
      return `Ошибка TLS: ${TLS_PROBLEMS[problem] ?? problem}.${hint}`;
    },
  ],
  [/^(\S+) (\S+) answered (\d+) in (\d+) ms$/, (method, path, status, ms) => `${method} ${path}: ответ ${status} за ${ms} мс`],
  [/^(\d+): success \(200–299\)$/, (status) => `${status}: успех (200–299)`],
  [/^Connection refused by (.+): nothing is listening on that port\.$/, (where) => `${where} отклонил подключение: на этом порту ничего не слушает.`],
  [/^The host name (.+) does not resolve\.$/, (host) => `Имя хоста ${host} не находится в DNS.`],
  [/^No answer from (.+) while connecting \(timed out\)\.$/, (where) => `${where} не ответил при подключении (истекло время ожидания).`],
  [/^(.+) closed the connection before answering\.$/, (where) => `${where} закрыл соединение, не ответив.`],
  [/^(.+) is unreachable from this computer \((\w+)\)\.$/, (where, code) => `${where} недоступен с этого компьютера (${code}).`],
  [
    /^Request failed: (.+)$/,
    (text) => {
      const [raw, hint] = splitRaw(text);
      return `Запрос не выполнен: ${rawThen(tr(raw), hint)}`;
    },
  ],
  [/^timed out after (\d+) ms$/, (ms) => `истекло время ожидания (${ms} мс)`],
  [/^The receiver rejected the token \((\d+) (Unauthorized|Forbidden)\)\.$/, (status, word) => `Получатель отклонил токен (${status} ${word}).`],
  [/^Check the token and that the receiver reads it from the (.+) header\.$/, (header) => `Проверьте токен и то, что получатель читает его из заголовка ${header}.`],
  [/^The receiver redirected \((\d+)\); redirects are not followed\.$/, (status) => `Получатель перенаправил запрос (${status}); перенаправления не выполняются.`],
  [/^The receiver failed with (\d+)\.$/, (status) => `Получатель вернул ошибку ${status}.`],
  [/^The receiver answered (\d+), which is not a success \(200–299\)\.$/, (status) => `Получатель ответил ${status} — это не успех (200–299).`],

  // ---------------------------------------------------------------- Test it: email
  [new RegExp(`^Authentication failed \\(535\\): the server rejected the login and password\\.${REPLY}$`), (reply) => `Ошибка аутентификации (535): сервер отклонил логин и пароль.${serverSaid(reply)}`],
  [
    new RegExp(`^Authentication failed: (.*?)\\.${REPLY}$`),
    (why, reply) => `Ошибка аутентификации: ${why === 'rejected' ? 'отклонено' : why}.${serverSaid(reply)}`,
  ],
  [new RegExp(`^The server rejected the recipient \\((\\d+)\\)\\.${REPLY}$`), (code, reply) => `Сервер отклонил получателя (${code}).${serverSaid(reply)}`],
  [new RegExp(`^Temporary failure \\((\\d+)\\)\\.${REPLY}$`), (code, reply) => `Временная ошибка (${code}).${serverSaid(reply)}`],
  [new RegExp(`^The server refused the message \\((\\d+)\\)\\.${REPLY}$`), (code, reply) => `Сервер отклонил письмо (${code}).${serverSaid(reply)}`],
  [/^Connected, but the server sent no SMTP greeting within ([\d.]+) s\.$/, (s) => `Подключение есть, но сервер не прислал приветствие SMTP за ${s} с.`],
  [/^Capabilities: (.*)$/, (list) => `Возможности сервера: ${list === 'none advertised' ? 'не объявлены' : list}`],
  [/^Logged in as (.+)$/, (user) => `Вход выполнен как ${user}`],
  [/^Rejected recipients: (.+)$/, (list) => `Отклонённые получатели: ${list}`],
  [/^Test email sent to (.+)\. Server reply: (.*); message id (.*)$/, (to, reply, id) => `Тестовое письмо отправлено на ${to}. Ответ сервера: ${reply}; идентификатор письма ${id}`],
  [/^The email template failed: (.*)\. Fix it under the integration's Templates\.$/, (error) => `Ошибка в шаблоне письма: ${tr(error)}. Исправьте шаблон в разделе «Шаблоны» интеграции.`],
  [
    /^Temporarily rejected: (.+)\. Only they will be retried; (\d+) recipient\(s\) already accepted\.$/,
    (list, n) => `Временно отклонены: ${list}. Повторная отправка — только им; уже приняли получателей: ${n}.`,
  ],
  [/^Temporarily rejected: (.+)\. Herald retries on the schedule\.$/, (list) => `Временно отклонены: ${list}. Herald повторит по расписанию.`],
  [/^Rejected for good, not retried: (.+)\.$/, (list) => `Отклонены окончательно, повтора не будет: ${list}.`],
  [/^Every recipient was rejected: (.+)\. Check the addresses; this is not retried\.$/, (list) => `Все получатели отклонены: ${list}. Проверьте адреса; повтора не будет.`],

  // ---------------------------------------------------------------- Test it: Jira
  [/^Nothing accepts connections at (.+)\.$/, (host) => `По адресу ${host} никто не принимает подключения.`],
  [/^The name (.+) does not resolve\.$/, (host) => `Имя ${host} не находится в DNS.`],
  [/^Jira did not answer within ([\d.]+) s\.$/, (s) => `Jira не ответила за ${s} с.`],
  [new RegExp(`^Jira rejected the credentials \\(401\\)\\.${SAID}$`), (said) => `Jira отклонила учётные данные (401).${jiraSaid(said)}`],
  [new RegExp(`^Jira refused (.+?) \\(403\\)\\.${SAID}$`), (what, said) => `Jira отклонила ${jiraWhat(what)[1]} (403).${jiraSaid(said)}`],
  [new RegExp(`^Jira rejected (.+?) \\(400\\)\\.${SAID}$`), (what, said) => `Jira отклонила ${jiraWhat(what)[1]} (400).${jiraSaid(said)}`],
  [new RegExp(`^Not found \\(404\\)\\.${SAID}$`), (said) => `Не найдено (404).${jiraSaid(said)}`],
  [new RegExp(`^Jira asked to slow down \\((\\d+)\\)\\.${SAID}$`), (status, said) => `Jira просит снизить частоту запросов (${status}).${jiraSaid(said)}`],
  [new RegExp(`^Jira failed with (\\d+)\\.${SAID}$`), (status, said) => `Ошибка Jira: ${status}.${jiraSaid(said)}`],
  [new RegExp(`^Unexpected answer (\\d+)\\.${SAID}$`), (status, said) => `Неожиданный ответ ${status}.${jiraSaid(said)}`],
  [
    /^(the request|the issue|the server info request|the login|the project \S+|the permission check|the create screen) failed: (.+)$/,
    (what, text) => {
      const [raw, hint] = splitRaw(text);
      return `${jiraWhat(what)[0]}: ${rawThen(tr(raw), hint)}`;
    },
  ],
  [/^Herald can create (.+) issues in (.+)\.$/, (issueType, project) => `Herald может создавать задачи типа ${issueType} в ${project}.`],
  [/^Jira (\S*) says it is (\w+), but the integration is set to (\w+)\.$/, (version, actual, expected) => `Jira ${version} сообщает, что это ${actual}, а в интеграции выбрано ${expected}.`],
  [/^Choose (Jira Cloud|Jira Server\/Data Center): the two use different APIs and description formats\.$/, (kind) => `Выберите ${kind}: у них разные API и форматы описания.`],
  [/^Signed in as (.+)$/, (user) => `Вход выполнен как ${user}`],
  [/^May create issues in (.+)\.$/, (project) => `Можно создавать задачи в ${project}.`],
  [/^The account may not create issues in (.+)\.$/, (project) => `Учётной записи нельзя создавать задачи в ${project}.`],
  [/^(.+) has no issue type "(.*)"\. It has: (.*)\.$/, (project, issueType, list) => `В ${project} нет типа задачи «${issueType}». Есть: ${list}.`],
  [/^The (.+) create screen requires fields Herald does not fill: (.+)\.$/, (issueType, fields) => `Экран создания ${issueType} требует полей, которые Herald не заполняет: ${fields}.`],
  [/^Every required field of (.+) is one Herald fills\.$/, (issueType) => `Все обязательные поля ${issueType} Herald заполняет сам.`],

  // ---------------------------------------------------------------- Test it and deliveries: Microsoft 365 mail
  // "<what> Entra ID said <code>: "<vendor text>". <hint>": the vendor's words stay as they are.
  [
    /^(.+?\.) (Entra ID|Graph) said (\w+)(?:: "(.*)")?\.(?: (.+))?$/s,
    (head, who, code, text, hint) => `${tr(head)} ${who} ответил ${code}${text !== undefined ? `: «${text}»` : ''}.${hint ? ` ${tr(hint)}` : ''}`,
  ],
  [/^The Microsoft sign-in service failed with (\d+)\.$/, (status) => `Служба входа Microsoft вернула ошибку ${status}.`],
  [/^No application with the Application \(client\) ID (\S+) exists in this directory \(AADSTS700016\)\.$/, (id) => `В этом каталоге нет приложения с идентификатором (клиента) ${id} (AADSTS700016).`],
  [/^The directory \(tenant\) (\S+) was not found \(AADSTS90002\)\.$/, (tenant) => `Каталог (клиент) ${tenant} не найден (AADSTS90002).`],
  [/^The Directory \(tenant\) ID (\S+) is not valid \(AADSTS900023\)\.$/, (tenant) => `Идентификатор каталога (клиента) ${tenant} неверен (AADSTS900023).`],
  [/^Entra ID refused the sign-in \((\w+)\)\.$/, (code) => `Entra ID отказал во входе (${code}).`],
  [/^The sign-in endpoint answered (\d+) without an OAuth error\.$/, (status) => `Адрес входа ответил ${status} без ошибки OAuth.`],
  [/^Could not reach the Microsoft sign-in service: (.+)$/, (why) => `Не удалось связаться со службой входа Microsoft: ${tr(why)}`],
  [/^Could not reach Microsoft Graph: (.+)$/, (why) => `Не удалось связаться с Microsoft Graph: ${tr(why)}`],
  [/^Microsoft Graph failed with (\d+)\.$/, (status) => `Microsoft Graph вернул ошибку ${status}.`],
  [/^Microsoft Graph denied sending as (\S+) \(403\)\.$/, (from) => `Microsoft Graph запретил отправку от имени ${from} (403).`],
  [/^The mailbox (\S+) was not found in this tenant \((\d+)\)\.$/, (from, status) => `Почтовый ящик ${from} не найден в этом клиенте Microsoft 365 (${status}).`],
  [/^Microsoft Graph refused a recipient \((\d+)\)\.$/, (status) => `Microsoft Graph отклонил получателя (${status}).`],
  [/^The message is too large for Exchange Online \((\d+)\)\.$/, (status) => `Письмо слишком велико для Exchange Online (${status}).`],
  [/^Microsoft Graph refused the message \((\d+)\)\.$/, (status) => `Microsoft Graph отклонил письмо (${status}).`],
  [
    /^Entra ID issued a token for app (\S+) in tenant (\S+), scope (\S+), valid for (\d+) min\.$/,
    (app, tenant, scope, minutes) => `Entra ID выдал токен приложению ${app} в каталоге ${tenant}, область ${scope}, действует ${minutes} мин.`,
  ],
  [/^The token carries the Mail\.Send application permission \(roles: (.*)\)\.$/, (roles) => `В токене есть разрешение приложения Mail.Send (роли: ${roles}).`],
  [/^The token carries no Mail\.Send application permission \(roles: (.*)\)\.$/, (roles) => `В токене нет разрешения приложения Mail.Send (роли: ${roles === 'none' ? 'нет' : roles}).`],
  [/^Found the mailbox (.+)\.$/, (name) => `Почтовый ящик найден: ${name}.`],
  [/^Herald may not look (\S+) up \(that needs User\.Read\.All, which sending does not\)\.$/, (from) => `Herald не может найти ${from} (для этого нужно разрешение User.Read.All, а для отправки оно не нужно).`],
  [
    /^Graph accepted the test email to (\S+) \((\d+) Accepted\); Exchange Online delivers it shortly\.$/,
    (to, status) => `Graph принял тестовое письмо для ${to} (${status} Accepted); Exchange Online скоро его доставит.`,
  ],
  [/^AUTH XOAUTH2 accepted for (\S+)$/, (user) => `AUTH XOAUTH2 принят для ${user}`],
  [new RegExp(`^The server refused the Entra ID token \\(AUTH XOAUTH2\\)\\.${REPLY}$`), (reply) => `Сервер отклонил токен Entra ID (AUTH XOAUTH2).${serverSaid(reply)}`],

  // ---------------------------------------------------------------- Test it and deliveries: Slack
  [/^Slack says (\w+): (.+?\.)(?: (.+))?$/, (code, what, tail) => `Slack ответил ${code}: ${SLACK_WHAT[what] ?? what}${tail ? ` ${tr(tail)}` : ''}`],
  [/^Slack says (\w+)\. (.+)$/, (code, tail) => `Slack ответил ${code}. ${tr(tail)}`],
  [/^Slack says (\w+)\.$/, (code) => `Slack ответил ${code}.`],
  [/^Slack refused the request \((\d+)\)\.$/, (status) => `Slack отклонил запрос (${status}).`],
  [/^Slack failed with (\d+)\.$/, (status) => `Slack вернул ошибку ${status}.`],
  [/^Slack answered (\d+)\.$/, (status) => `Slack ответил ${status}.`],
  [/^Herald can post to (.+)\.$/, (channel) => `Herald может писать в ${channel}.`],
  [/^Signed in to (.+) as (.+)$/, (team, user) => `Вход в ${team} выполнен как ${user}`],
  [/^Posted to (.+)$/, (channel) => `Отправлено в ${channel}`],
  [/^The Slack text template failed: (.*)$/, (error) => `Ошибка в шаблоне текста Slack: ${tr(error)}`],
  [/^Test message from Herald \((.+)\)$/, (name) => `Тестовое сообщение от Herald (${name})`],

  // ---------------------------------------------------------------- Test it and deliveries: Teams, Discord, Mattermost
  [CHAT_SAYS, (vendor, code, what, tail) => `${vendor} ответил ${code.replace(' (the global limit)', ' (общий лимит)')}: ${CHAT_WHAT[what] ?? what}${tail ? ` ${tr(tail)}` : ''}`],
  [/^(Teams|Discord|Mattermost) answered (\d+)\.?$/, (vendor, status) => `${vendor} ответил ${status}.`],
  [/^The (Teams|Discord|Mattermost) text template failed: (.*)$/, (vendor, error) => `Ошибка в шаблоне текста ${vendor}: ${tr(error)}`],
  [/^Webhook "(.+)" posts to channel (\S+)$/, (name, channel) => `Вебхук «${name}» пишет в канал ${channel}`],
  [/^Posted message (\S+)$/, (id) => `Опубликовано сообщение ${id}`],

  // ---------------------------------------------------------------- Test it and deliveries: Splunk, Sumo Logic, InsightConnect
  [/^Splunk says "([^"]*)" \(code (\d+)\): ([^.]+\.)$/, (text, code, what) => `Splunk ответил «${text}» (код ${code}): ${RECEIVER_WHAT[what] ?? what}`],
  [/^Splunk says "([^"]*)" \(code (\d+)\)\.$/, (text, code) => `Splunk ответил «${text}» (код ${code}).`],
  [/^Splunk says "([^"]*)" \(code (\w+), ackId (\d+)\)$/, (text, code, ack) => `Splunk ответил «${text}» (код ${code}, ackId ${ack})`],
  [/^Splunk says "([^"]*)" \(code (\w+)\)$/, (text, code) => `Splunk ответил «${text}» (код ${code})`],
  [/^Splunk says "([^"]*)"$/, (text) => `Splunk ответил «${text}»`],
  [/^Event (\d+) of the request was refused\.$/, (n) => `Событие ${n} в запросе отклонено.`],
  [/^Splunk refused the request \((\d+)\)\.$/, (status) => `Splunk отклонил запрос (${status}).`],
  [/^Splunk is busy \((\d+)\)\.$/, (status) => `Splunk перегружен (${status}).`],
  [/^Splunk failed with (\d+)\.$/, (status) => `Splunk вернул ошибку ${status}.`],
  [/^Splunk answered (\d+)\.$/, (status) => `Splunk ответил ${status}.`],
  [/^Splunk accepted the test event for index (.+)\.$/, (index) => `Splunk принял тестовое событие в индекс ${index}.`],
  [/^(Sumo Logic|InsightConnect) says (\d+): ([^.“]+\.)$/, (vendor, status, what) => `${vendor} ответил ${status}: ${RECEIVER_WHAT[what] ?? what}`],
  [/^(Sumo Logic|InsightConnect) failed with (\d+)\.$/, (vendor, status) => `${vendor} вернул ошибку ${status}.`],
  [/^(Sumo Logic|InsightConnect) answered (\d+)\.$/, (vendor, status) => `${vendor} ответил ${status}.`],
  [/^(Sumo Logic|InsightConnect) said: “(.*)”\.$/, (vendor, said) => `Ответ ${vendor}: «${said}».`],
  [/^Sumo Logic answered 200; search _sourceCategory="(.*)"$/, (category) => `Sumo Logic ответил 200; ищите _sourceCategory="${category}"`],
  [/^The workflow started job (.+)$/, (job) => `Рабочий процесс запустил задание ${job}`],
  [/^InsightConnect started the workflow \(job (.+)\)\.$/, (job) => `InsightConnect запустил рабочий процесс (задание ${job}).`],
  [/^The message template failed: (.*)$/, (error) => `Ошибка в шаблоне сообщения: ${tr(error)}`],
  [/^(Sourcetype|Source|Host|Source category|Source name|Source host) is longer than (\d+) characters$/, (what, n) => `${RECEIVER_FIELD[what]} длиннее ${n} символов`],
  [/^(Sourcetype|Source|Host|Source category|Source name|Source host) cannot contain line breaks or control characters$/, (what) => `${RECEIVER_FIELD[what]}: переводы строки и управляющие символы недопустимы`],

  // ---------------------------------------------------------------- Test it and deliveries: PagerDuty, Opsgenie
  [
    /^(PagerDuty|Opsgenie) says (\d+): (.+?\.)(?: \[(.*)\])?(?: (.+))?$/s,
    (vendor, status, what, detail, tail) => `${vendor} ответил ${status}: ${INCIDENT_WHAT[what] ?? what}${detail ? ` [${detail}]` : ''}${tail ? ` ${tr(tail)}` : ''}`,
  ],
  [/^(PagerDuty|Opsgenie) failed with (\d+)\.$/, (vendor, status) => `${vendor} вернул ошибку ${status}.`],
  [/^(PagerDuty|Opsgenie) answered (\d+)\.$/, (vendor, status) => `${vendor} ответил ${status}.`],
  [/^PagerDuty accepted the event: dedup_key (.+)$/, (key) => `PagerDuty принял событие: dedup_key ${key}`],
  [/^Resolved (.+)$/, (key) => `Закрыто: ${key}`],
  [/^Closed (.+)$/, (key) => `Закрыто: ${key}`],
  [/^Opsgenie accepted it \(P5, tagged test\): alias (.+)$/, (alias) => `Opsgenie принял его (P5, метка test): alias ${alias}`],
  [/^Opsgenie processed it: (.+)$/, (status) => `Opsgenie обработал запрос: ${status}`],
  [/^Opsgenie could not process the test alert: (.+)$/, (status) => `Opsgenie не смог обработать тестовое оповещение: ${status}`],
  [/^The PagerDuty summary template failed: (.*)$/, (error) => `Ошибка в шаблоне заголовка PagerDuty: ${tr(error)}`],
  [/^The Opsgenie message template failed: (.*)$/, (error) => `Ошибка в шаблоне сообщения Opsgenie: ${tr(error)}`],

  // ---------------------------------------------------------------- Test it and deliveries: Telegram
  [/^Telegram says "(.*)" \((\d+)\): (.+?\.)(?: (.+))?$/, (said, code, what, tail) => `Telegram ответил «${said}» (${code}): ${TELEGRAM_WHAT[what] ?? what}${tail ? ` ${tr(tail)}` : ''}`],
  [/^Telegram says "(.*)" \((\d+)\)\.(?: (.+))?$/, (said, code, tail) => `Telegram ответил «${said}» (${code}).${tail ? ` ${tr(tail)}` : ''}`],
  [/^Telegram failed with (\d+)\.$/, (status) => `Telegram вернул ошибку ${status}.`],
  [/^Telegram answered (\d+)\.$/, (status) => `Telegram ответил ${status}.`],
  [/^Change the chat id to (-?\d+)\.$/, (id) => `Замените идентификатор чата на ${id}.`],
  [/^The Telegram text template failed: (.*)$/, (error) => `Ошибка в шаблоне текста Telegram: ${tr(error)}`],

  // ---------------------------------------------------------------- contract, Test it and deliveries: SMS gateway
  [/^(.+) is not an international number: use \+ and 8–15 digits, e\.g\. \+447700900123$/, (n) => `${n === '(empty)' ? '(пусто)' : n} — не международный номер: нужны + и 8–15 цифр, например +447700900123`],
  [/^The SMS (text|body) template failed: (.*)$/, (which, error) => `Ошибка в шаблоне ${which === 'text' ? 'текста' : 'тела'} SMS: ${tr(error)}`],
  [/^The SMS gateway answered (\d+) without "(.*)"\.$/, (status, text) => `SMS-шлюз ответил ${status} без «${text}».`],
  [/^The SMS gateway refused the credentials \((\d+)\)\.$/, (status) => `SMS-шлюз отклонил учётные данные (${status}).`],
  [/^The SMS gateway failed with (\d+)\.$/, (status) => `SMS-шлюз вернул ошибку ${status}.`],
  [/^The SMS gateway answered (\d+)\.$/, (status) => `SMS-шлюз ответил ${status}.`],
  [/^The SMS gateway rejected the message \((\d+)\)\.$/, (status) => `SMS-шлюз отклонил сообщение (${status}).`],
  [/^Not texted again: (\d+) number\(s\) that already got it\.$/, (n) => `Повторно не отправляется: номеров, уже получивших SMS, — ${n}.`],
  [/^(\+\d+): (.+)$/, (phone, rest) => `${phone}: ${tr(rest)}`],
  [
    /^Every number was rejected: (.*?)\. (.+?\.) Check the numbers and the gateway settings; this is not retried\.$/,
    (list, why) => `Все номера отклонены: ${list}. ${tr(why)} Проверьте номера и настройки шлюза; повтора не будет.`,
  ],
  [/^Sent to (\+\d+); the gateway answered (\d+)(?:: (.*))?$/, (phone, status, said) => `Отправлено на ${phone}; шлюз ответил ${status}${said ? `: ${said}` : ''}`],
  [/^(.+?\.) The gateway said: (.*)$/, (what, said) => `${tr(what)} Ответ шлюза: ${said}`],
  [/^The gateway accepted a test SMS to (\+\d+)\.$/, (phone) => `Шлюз принял тестовое SMS на ${phone}.`],
  [
    /^SMS text: (GSM-7|UCS-2), (\d+) characters, (\d+) part\(s\)(, shortened to fit)?\.$/,
    (encoding, n, parts, cut) => `Текст SMS: ${encoding}, символов: ${n}, частей: ${parts}${cut ? ', сокращён, чтобы поместиться' : ''}.`,
  ],

  // ---------------------------------------------------------------- notifications
  [/^Test of (.+) failed$/, (name) => `Проверка «${name}» не прошла`],
  [/^(.+) was disabled automatically$/, (name) => `Интеграция «${name}» отключена автоматически`],
  [/^(\d+) dead letters? for (.+)$/, (n, name) => `Недоставленные для «${name}»: ${n}`],
  [
    /^Herald gave up on (a delivery|(\d+) deliveries)\.(?: Last error: (.*?))? Fix the cause, then replay them\.$/,
    (_what, n, error) =>
      `Herald прекратил попытки доставить ${n ? `${n} ${plural(n, 'сообщение', 'сообщения', 'сообщений')}` : 'сообщение'}.${error ? ` Последняя ошибка: ${trDot(error)}` : ''} Устраните причину и отправьте повторно.`,
  ],

  // ---------------------------------------------------------------- auto-disable
  // The console also shows the reason without its lead (the title says "disabled automatically"),
  // sometimes with the first letter raised: each reason is known with and without it.
  [
    /^Disabled automatically: (.+)$/s,
    (reason) => {
      const text = tr(reason);
      if (text === reason) return `Отключена автоматически: ${reason}`;
      return `Отключена автоматически: ${/^[a-z0-9]/.test(reason) ? text.charAt(0).toLowerCase() + text.slice(1) : text}`;
    },
  ],
  [
    /^[Tt]he request still failed after the (.+) retry \((.*)\)$/,
    (wait, error) => `Запрос не прошёл и после последнего повтора (через ${delay(wait)}). Ошибка: ${tr(error)}`,
  ],
  [
    /^(\d+) % of (\d+) requests failed in the last (.+?) \(the limit is (\d+) %\)\. Last error: (.*) The events already queued are kept and go out when it is enabled again; new events are not queued for it while it is disabled\.$/,
    (percent, total, window, limit, error) =>
      `За последние ${delay(window)} с ошибкой завершились ${percent} % из ${total} ${plural(total, 'запроса', 'запросов', 'запросов')} (порог — ${limit} %). Последняя ошибка: ${trDot(error)} События, уже стоящие в очереди, сохранены и уйдут, когда интеграцию снова включат; пока она отключена, новые события для неё в очередь не ставятся.`,
  ],
  [
    /^(.*) Fix the settings and enable it again; (\d+) queued message\(s\) will go out then\.$/s,
    (error, n) => `${trDot(error)} Исправьте настройки и снова включите интеграцию — тогда уйдут сообщения из очереди (${n}).`,
  ],
  [/^Copy of (.+): enable it when it is ready$/, (name) => `Копия «${name}»: включите её, когда она будет готова`],

  // ---------------------------------------------------------------- sandbox and demo clock (issue 7)
  [/^(.+) is live again: sends go to its own settings$/, (name) => `«${name}» снова в рабочем режиме: отправки идут по её собственным настройкам`],
  [/^(.+) sends to the sandbox \(Capture\) at (.+)$/, (name, address) => `«${name}» отправляет в песочницу (перехват) по адресу ${address}`],
  [/^(.+) sends to the sandbox with chaos: (\d+)% of sends fail \((.+)\)$/, (name, rate, kinds) => `«${name}» отправляет в песочницу с хаосом: ${rate}% отправок завершаются сбоем (${kinds})`],
  [/^(.+): the sandbox receiver did not start: (.*)$/, (name, error) => `«${name}»: приёмник песочницы не запустился: ${error}`],
  [/^The sandbox receiver for (.+) could not start: (.*)$/, (name, error) => `Приёмник песочницы для «${name}» не запустился: ${error}`],
  [/^Captured email "(.*)" released through (.+) to (\d+) recipient\(s\)$/, (subject, name, n) => `Перехваченное письмо «${subject}» отправлено через «${name}»: получателей — ${n}`],
  [/^(.+) is not an email integration$/, (name) => `«${name}» — не почтовая интеграция`],
  [/^(.+) is in the sandbox itself; switch it to Live to release through its SMTP server$/, (name) => `«${name}» сама работает в песочнице: переключите её в рабочий режим, чтобы отправить через её SMTP-сервер`],
  [/^No captured email with id (.+); it may have been cleared\.$/, (id) => `Нет перехваченного письма с id ${id}: возможно, перехваты очищены.`],
  [/^No capture with id (.+); it may have been cleared\.$/, (id) => `Нет перехвата с id ${id}: возможно, перехваты очищены.`],
  [/^Demo clock: time runs ×(\d+) \(retry waits and batching windows play fast\)$/, (n) => `Демо-часы: время идёт ×${n} (ожидание повторов и окна пакетов проходят быстро)`],

  // ---------------------------------------------------------------- fallback escalation (issue 8); before "<name> is disabled"
  [/^Escalated: (\S+) to (.+?) — (.+) not delivered within (.+)$/, (trigger, to, from, wait) => `Эскалация: ${trigger} отправлено в «${to}» — «${from}» не доставила за ${delay(wait)}`],
  [/^Escalated: (\S+) to (.+?) — (.+) is disabled$/, (trigger, to, from) => `Эскалация: ${trigger} отправлено в «${to}» — «${from}» отключена`],
  [
    /^Not escalated: (\S+) — (.+?) (not delivered within (.+)|is disabled), and the fallback (.+) is disabled too$/,
    (trigger, from, cause, wait, to) => `Эскалации нет: ${trigger} — «${from}» ${wait ? `не доставила за ${delay(wait)}` : 'отключена'}, а резервная «${to}» тоже отключена`,
  ],
  [
    /^Not escalated: (\S+) — (.+?) (not delivered within (.+)|is disabled), and its fallback integration was deleted$/,
    (trigger, from, cause, wait) => `Эскалации нет: ${trigger} — «${from}» ${wait ? `не доставила за ${delay(wait)}` : 'отключена'}, а резервная интеграция удалена`,
  ],
  [/^The fallback integration was deleted: the escalation from (.+) is not sent\.$/, (from) => `Резервная интеграция удалена: эскалация из «${from}» не отправляется.`],
  [/^(.+) is disabled too: the escalation from (.+) is not sent\.$/, (to, from) => `«${to}» тоже отключена: эскалация из «${from}» не отправляется.`],

  // ---------------------------------------------------------------- live log notices
  [/^(.+) (enabled|disabled) by a user$/, (name, state) => `«${name}» ${state === 'enabled' ? 'включена' : 'отключена'} пользователем`],
  [/^(.+) is reachable again and was re-enabled$/, (name) => `«${name}» снова доступна и включена`],
  [/^(.+) created as a disabled copy$/, (name) => `«${name}» создана как отключённая копия`],
  [/^(.+): the stored (\w+) was revealed in the console$/, (name, secret) => `«${name}»: сохранённый секрет ${secret} показан в консоли`],
  [/^(.+): retry now requested by a user$/, (name) => `«${name}»: пользователь запросил повтор сейчас`],
  [
    /^Replaying (\d+) dead (?:delivery|deliveries) with their original event ids(?:; (.*))?$/,
    (n, waits) => {
      const waiting = [...(waits ?? '').matchAll(/(\d+) wait for (.+?) to be enabled(?:, |$)/g)].map((m) => `${m[1]} ${plural(m[1]!, 'ждёт', 'ждут', 'ждут')} включения «${m[2]}»`);
      return `Повторная отправка недоставленных (${n}) с исходными id событий${waiting.length ? `; ${waiting.join(', ')}` : ''}`;
    },
  ],
  [/^Trigger (\S+) switched on$/, (trigger) => `Триггер ${trigger} включён`],
  [/^Trigger (\S+) switched off: its events are recorded and not sent$/, (trigger) => `Триггер ${trigger} выключен: его события записываются, но не отправляются`],

  // ---------------------------------------------------------------- dry run
  [/^Routes (\S+)$/, (trigger) => `Направляет ${trigger}`],
  [/^Does not route (\S+)$/, (trigger) => `Не направляет ${trigger}`],
  [/^Project \(none in the payload\) is not in (.+)$/, (list) => `В payload нет проекта; в правиле: ${list}`],
  [/^Project (.+) is listed$/, (keys) => `Проект ${keys} есть в списке`],
  [/^Project is not in (.+)$/, (list) => `Проекта нет в списке: ${list}`],
  [/^Project (.+?) is not in (.+)$/, (keys, list) => `Проекта ${keys} нет в списке: ${list}`],
  [/^Its events include (\S+)$/, (trigger) => `В её событиях есть ${trigger}`],
  [/^Its events do not include (\S+)$/, (trigger) => `В её событиях нет ${trigger}`],
  [/^(.+) \(its own events and projects\)$/, (name) => `${name} (собственные события и проекты)`],
  [/^([\w.]+) is absent; needs to be present$/, (field) => `${field} отсутствует, а должно быть задано`],
  [/^([\w.]+) is present$/, (field) => `${field} задано`],
  [/^([\w.]+) is absent; needs (.+)$/, (field, needs) => `${field} отсутствует; нужно ${condition(needs)}`],
  [/^([\w.]+) is (.*): (\1 (?:=|≠|≥|in|present).*)$/, (field, value, holds) => `${field} — ${value}: подходит под ${condition(holds)}`],
  [/^([\w.]+) is (.*); needs (\1 (?:=|≠|≥|in|present).*)$/, (field, value, needs) => `${field} — ${value}; нужно ${condition(needs)}`],
  [/^(.+?) is disabled: enable it \(or refresh availability\) to send its queue\.$/, (name) => `«${name}» отключена: включите её (или обновите доступность), чтобы отправить очередь.`],
  [/^(.+?) is disabled(?:: (.+))?$/, (name, reason) => `«${name}» отключена${reason ? `: ${tr(reason)}` : ''}`],
  [/^Could not render this delivery: (.*)$/, (error) => `Не удалось подготовить эту доставку: ${tr(error)}`],
  // Live log: what a Jira attempt did (describeTarget)
  [/^Created ([A-Z][A-Z0-9_]*-\d+)$/, (key) => `Создана задача ${key}`],
  [/^Commented on ([A-Z][A-Z0-9_]*-\d+)$/, (key) => `Комментарий к ${key}`],
  [/^Already reported as ([A-Z][A-Z0-9_]*-\d+)$/, (key) => `Уже заведена как ${key}`],
  [/^Issue ([A-Z][A-Z0-9_]*-\d+)$/, (key) => `Задача ${key}`],
  [/^No preview for (\w+) integrations yet\.$/, (kind) => `Для интеграций ${kind} предпросмотра пока нет.`],

  // ---------------------------------------------------------------- errors of calls
  [/^No integration with id (.+)\. It may have been deleted; reload the list\.$/, (id) => `Интеграции с id ${id} нет. Возможно, её удалили — обновите список.`],
  [/^No report with id (.+)\. It may have been deleted; reload the list\.$/, (id) => `Отчёта с id ${id} нет. Возможно, его удалили — обновите список.`],
  [/^(.+) is not an email integration; reports are sent by email$/, (name) => `«${name}» — не почтовая интеграция, а отчёты отправляются по почте`],
  [/^(.+) is not an email integration\. Choose an email integration for the report\.$/, (name) => `«${name}» — не почтовая интеграция. Выберите для отчёта почтовую.`],
  [/^(.+) is disabled\. Enable it, or choose another email integration for the report\.$/, (name) => `Интеграция «${name}» отключена. Включите её или выберите для отчёта другую почтовую интеграцию.`],
  [/^The settings of (.+) cannot be used here: (.*)$/, (name, why) => `Настройки «${name}» здесь не работают: ${tr(why)}`],
  [/^Every recipient was rejected: (.*)\. Server reply: (.*)$/, (who, reply) => `Сервер отклонил всех получателей: ${who}. Ответ сервера: ${reply}`],
  [
    /^(Report|Preview of report) "(.*)" sent through (.+?)( \(to the sandbox inbox\))? to (\d+) recipient\(s\)(?:; rejected: (.*))?$/,
    (kind, name, integration, sandbox, n, rejected) =>
      `${kind === 'Report' ? 'Отчёт' : 'Предпросмотр отчёта'} «${name}» отправлен через «${integration}»${sandbox ? ' (в почтовый ящик песочницы)' : ''}: получателей — ${n}${rejected ? `; отклонены: ${rejected}` : ''}`,
  ],
  [/^(Report|Preview of report) "(.*)" was not sent: (.*)$/s, (kind, name, error) => `${kind === 'Report' ? 'Отчёт' : 'Предпросмотр отчёта'} «${name}» не отправлен: ${tr(error)}`],
  [/^No rule with id (.+)\. It may have been deleted; reload the list\.$/, (id) => `Правила с id ${id} нет. Возможно, его удалили — обновите список.`],
  [/^No attempt with id (.+); it may have been pruned by retention\.$/, (id) => `Попытки с id ${id} нет; возможно, она удалена по сроку хранения.`],
  [/^No webhook with id (.+)$/, (id) => `Вебхука с id ${id} нет`],
  [
    /^(.+) is used by rules? (.+)\. Remove it from their actions \(or delete the rules\) first\.$/,
    (name, rules) => `«${name}» используется в правилах: ${rules}. Сначала уберите её из их действий (или удалите эти правила).`,
  ],
  [/^(\w+) integrations store no secret called (\w+); they store (.+)$/, (kind, secret, known) => `Интеграции ${kind} не хранят секрет ${secret}; они хранят: ${known}`],
  [/^Use one of: (.+)$/, (list) => `Используйте одно из: ${list}`],
  [
    /^The stored (\w+) of (.+) cannot be decrypted on this machine \(it was saved with another key\)\. Enter it again and save\.$/,
    (secret, name) => `Сохранённый секрет ${secret} интеграции «${name}» нельзя расшифровать на этом компьютере (он сохранён с другим ключом). Введите его заново и сохраните.`,
  ],
  [/^This secret was encrypted with "(.*)", but this process uses "(.*)"\. Enter the secret again\.$/, (stored, scheme) => `Этот секрет зашифрован схемой «${stored}», а этот процесс использует «${scheme}». Введите секрет заново.`],
  [/^trigger: unknown trigger "(.*)"; see GET (\S+) for the list$/, (name, url) => `trigger: неизвестный триггер «${name}»; список — GET ${url}`],
  [/^Unexpected error: (.*)\. It was logged; please report it\.$/, (error) => `Непредвиденная ошибка: ${error}. Она записана в журнал; пожалуйста, сообщите о ней.`],
  [/^Host "(.*)" is not allowed; use (\S+)$/, (host, url) => `Хост «${host}» не разрешён; используйте ${url}`],
  [/^No method (.+)$/, (name) => `Нет метода ${name}`],
  [/^Herald's local server is not reachable \((.*)\)\. Is `npm run serve` still running\?$/, (error) => `Локальный сервер Herald недоступен (${error}). Запущен ли ещё \`npm run serve\`?`],

  // ---------------------------------------------------------------- email templates (LiquidJS, templates.ts explain)
  [/^line (\d+), column (\d+): (.+)$/, (line, column, text) => `строка ${line}, столбец ${column}: ${tr(text)}`],
  [/^unknown filter "(.*)"; check the filter name \(filters: (\S+)\)$/, (name, url) => `неизвестный фильтр «${name}»; проверьте его название (фильтры: ${url})`],
  [/^\{% (\w+) %\} has no matching opening tag; remove it or add the tag it belongs to$/, (tag) => `у {% ${tag} %} нет открывающего тега; удалите его или добавьте тег, к которому он относится`],
  [/^unknown tag "(.*)"; check the tag name \(tags: (\S+)\)$/, (name, url) => `неизвестный тег «${name}»; проверьте его название (теги: ${url})`],
  [/^(\{%.*%\}) is not closed; add \{% end(\w+) %\} after its content$/, (tag, name) => `${tag} не закрыт; добавьте {% end${name} %} после его содержимого`],
  [/^the tag (.*) is not closed; end it with %\}$/, (tag) => `тег ${tag} не закрыт; завершите его символами %}`],
  [/^the output (.*) is not closed; end it with \}\}$/, (output) => `вывод ${output} не закрыт; завершите его символами }}`],
  [/^rendering took longer than ([\d.]+) s and was stopped; avoid large or nested loops$/, (s) => `отрисовка заняла больше ${s} с и была остановлена; избегайте больших и вложенных циклов`],
  [
    /^the filter "(.*)" is missing an argument; write it as (\{\{.*\}\}) \(filters: (\S+)\)$/,
    (name, example, url) => `у фильтра «${name}» не хватает аргумента; пишите так: ${example} (фильтры: ${url})`,
  ],
  [/^(.*) is incomplete or malformed; check its syntax \(tags: (\S+)\)$/, (what, url) => `${what} — неполная или неверная запись; проверьте синтаксис (теги: ${url})`],
  [/^(.*); check the Liquid syntax \(tags: (\S+), filters: (\S+)\)$/, (what, tags, filters) => `${what}; проверьте синтаксис Liquid (теги: ${tags}, фильтры: ${filters})`],

  [/^No channel for integration kind "(.*)"$/, (kind) => `Нет канала для интеграций вида «${kind}»`],
  // Last of the notices: "<name> deleted" would otherwise catch longer messages that end the same way.
  [/^(.+) deleted$/, (name) => `«${name}» удалена`],

  // ---------------------------------------------------------------- a field path before a message (validation errors of calls)
  [
    /^([A-Za-z_]\w*(?:\.\w+)*): (.+?)(?: \(and (\d+) more\))?$/,
    (path, message, more) => `${path}: ${tr(message)}${more ? ` (и ещё ${more})` : ''}`,
  ],
];

/** Exact, then patterns; undefined when neither knows the message. */
function translateOne(message: string): string | undefined {
  const direct = exact[message];
  if (direct !== undefined) return direct;
  for (const [pattern, render] of patterns) {
    const match = pattern.exec(message);
    if (match) return render(...match.slice(1));
  }
  return undefined;
}

/**
 * The engine often joins what went wrong and what to do ("<message> <hint>"): when the whole is
 * unknown, it is split after a sentence and each side translated; both must be known.
 */
function translateRu(message: string): string | undefined {
  const whole = translateOne(message);
  if (whole !== undefined) return whole;
  const boundary = /[.!?)"] (?=[A-Z"])/g;
  for (let m = boundary.exec(message); m; m = boundary.exec(message)) {
    const head = translateOne(message.slice(0, m.index + 1));
    if (head === undefined) continue;
    const tail = translateRu(message.slice(m.index + 2));
    if (tail !== undefined) return `${head} ${tail}`;
  }
  return undefined;
}

/** The live log translates the same few messages over and over: remember the last ones. */
const remembered = new Map<string, string>();

export function translateValidation(message: string, language: string): string {
  if (language !== 'ru') return message;
  const known = remembered.get(message);
  if (known !== undefined) return known;
  const text = translateRu(message) ?? message;
  if (remembered.size >= 2000) remembered.clear();
  remembered.set(message, text);
  return text;
}
