// @ts-check
// Chinese by default, English on request; the choice is remembered on this device.
/** @type {Record<string, Record<string, string>>} */
const strings = {
  zh: {
    title: '三社联动 · 城市运行指挥', workerTitle: '网格员工作台', language: 'English',
    kpiOpen: '未结事件', kpiInTime: '今日2小时内到场', kpiAtRisk: '临近超时', kpiOnDuty: '在岗人员', kpiLowStock: '低库存储备点',
    metric: '着色指标', mOpen: '未结事件', mRisk: '超时风险', mVolunteers: '每千名老人在岗志愿者', mLowStock: '低库存储备点', mMeals: '助餐需求超出能力',
    alerts: '告警', noAlerts: '暂无告警', live: '实时', reconnecting: '重连中…', resync: '重新同步',
    stage: '状态', severity: '等级', deadline: '到场时限', assignments: '指派人员', supplies: '物资', timeline: '处置过程', reasons: '派遣理由',
    close: '关闭', remaining: '剩余', overdue: '已超时', people: '涉及人数', description: '描述', place: '位置', mutualAid: '跨区支援', eta: '预计到达',
    minutes: '分钟', considered: '候选人数', competing: '同时竞争事件', why: '原因', none: '无',
    report: '上报事件', subtype: '事件类型', useMyLocation: '使用我的位置', tapMap: '或在地图上点选位置', submit: '提交上报',
    reported: '已上报，编号', myId: '我的工号', onDuty: '上岗', offDuty: '下岗', myAssignment: '我的任务', accept: '接受', refuse: '拒绝',
    enRoute: '出发', onScene: '到达现场', stock: '物资出入库', stockpile: '储备点编号', category: '物资类别', quantity: '数量',
    receipt: '入库', issue: '出库', saved: '已保存', elderlyAlone: '独居老人', disabled: '残疾人', child: '儿童', locationSet: '位置已选定',
    noAssignment: '当前没有任务', dutyNow: '当前', refresh: '刷新',
    outbox: '待发送', queued: '待发送', queuedNote: '无网络时先保存在手机上，联网后按顺序自动发送', notLinked: '此账号未关联网格员编号：可上报，不能接任务',
    refused: '未被受理', offline: '离线', // the worker's phone (#13)
    timeBank: '我的时间银行', balance: '余额', hoursUnit: '小时', pendingApproval: '待街道审批', // the time bank (#13)
    signIn: '登录', userName: '用户名', password: '密码', signOut: '退出', orleansDashboard: 'Orleans 集群', noLiveView: '无实时业务视图（管理员）',
    contact: '联系人（居民）', contactName: '姓名', contactPhone: '电话', contactAddress: '详细地址',
    reportsLink: '报表', reportsTitle: '时限达标报表', backToMap: '返回地图', area: '区域', street: '街道', wholeArea: '全部街道', // compliance reports (#13)
    period: '周期', periodDay: '日', periodWeek: '周', periodMonth: '月', date: '日期', show: '查询', csvDays: '下载报表 CSV', csvMisses: '下载未达标明细 CSV',
    reportedUpIn15Minutes: '15分钟内上报', onSceneIn2Hours: '2小时内到场', answeredIn24Hours: '24小时内答复', resolvedIn7WorkingDays: '7个工作日内办结',
    met: '达标', missed: '未达标', pending: '进行中', satisfaction: '居民满意度', ratings: '份评价', emergencies: '紧急事件', serviceRequests: '服务诉求',
    sharesTitle: '每日达标率', causesTitle: '未达标原因', missesTitle: '未达标明细', noMisses: '本期无未达标事件', loading: '加载中…',
    incidentId: '事件编号', reportedAt: '上报时间', deadlineKind: '时限', due: '截止时间', metAt: '完成时间', cause: '原因',
    deadlineReportUp: '15分钟上报', deadlineOnScene: '2小时到场', deadlineFeedback: '24小时答复', deadlineResolve: '7个工作日办结',
    causeNotAcknowledged: '街道未接报', causeAcknowledgedLate: '街道接报超时', causeNoResponderFound: '无人可派', causeNotAccepted: '无人接单',
    causeArrivedLate: '到场超时', causeResolvedLate: '办结超时', causeNotResolved: '未办结',
  },
  en: {
    title: 'ThreeSocial · City operations', workerTitle: 'Grid worker', language: '中文',
    kpiOpen: 'Open incidents', kpiInTime: 'On scene within 2 h today', kpiAtRisk: 'At risk now', kpiOnDuty: 'People on duty', kpiLowStock: 'Low-stock stockpiles',
    metric: 'Shade by', mOpen: 'Open incidents', mRisk: 'Deadline risk', mVolunteers: 'Volunteers on duty per 1,000 elderly', mLowStock: 'Low-stock stockpiles', mMeals: 'Meal demand over capacity',
    alerts: 'Alerts', noAlerts: 'No alerts', live: 'Live', reconnecting: 'Reconnecting…', resync: 'Resynced',
    stage: 'Stage', severity: 'Severity', deadline: 'On scene by', assignments: 'Assigned', supplies: 'Supplies', timeline: 'Timeline', reasons: 'Routing reasons',
    close: 'Close', remaining: 'left', overdue: 'overdue', people: 'People', description: 'Description', place: 'Place', mutualAid: 'mutual aid', eta: 'ETA',
    minutes: 'min', considered: 'Candidates', competing: 'Competing incidents', why: 'Why', none: 'None',
    report: 'Report an incident', subtype: 'Type', useMyLocation: 'Use my location', tapMap: 'or tap the map', submit: 'Send report',
    reported: 'Reported, number', myId: 'My id', onDuty: 'Go on duty', offDuty: 'Go off duty', myAssignment: 'My assignment', accept: 'Accept', refuse: 'Refuse',
    enRoute: 'On my way', onScene: 'Arrived', stock: 'Stock movements', stockpile: 'Stockpile id', category: 'Category', quantity: 'Quantity',
    receipt: 'Receipt', issue: 'Issue', saved: 'Saved', elderlyAlone: 'Elderly living alone', disabled: 'Disabled', child: 'Child', locationSet: 'Location chosen',
    noAssignment: 'No assignment now', dutyNow: 'Now', refresh: 'Refresh',
    outbox: 'Waiting to send', queued: 'waiting to send', queuedNote: 'Without network, kept on the phone and sent in order when the network is back', notLinked: 'This account is not linked to a responder: it can report, not take assignments',
    refused: 'Refused', offline: 'Offline', // the worker's phone (#13)
    timeBank: 'My time bank', balance: 'Balance', hoursUnit: 'h', pendingApproval: 'awaiting the street office', // the time bank (#13)
    signIn: 'Sign in', userName: 'User name', password: 'Password', signOut: 'Sign out', orleansDashboard: 'Orleans cluster', noLiveView: 'No live operational view (admin)',
    contact: 'Resident to contact', contactName: 'Name', contactPhone: 'Phone', contactAddress: 'Address',
    reportsLink: 'Reports', reportsTitle: 'Deadline compliance', backToMap: 'Back to the map', area: 'Area', street: 'Street', wholeArea: 'All streets', // compliance reports (#13)
    period: 'Period', periodDay: 'Day', periodWeek: 'Week', periodMonth: 'Month', date: 'Date', show: 'Show', csvDays: 'Download report (CSV)', csvMisses: 'Download misses (CSV)',
    reportedUpIn15Minutes: 'Reported up within 15 min', onSceneIn2Hours: 'On scene within 2 h', answeredIn24Hours: 'Answered within 24 h', resolvedIn7WorkingDays: 'Resolved within 7 working days',
    met: 'met', missed: 'missed', pending: 'pending', satisfaction: 'Residents\' satisfaction', ratings: 'ratings', emergencies: 'Emergencies', serviceRequests: 'Service requests',
    sharesTitle: 'Share met, day by day', causesTitle: 'Why deadlines were missed', missesTitle: 'Missed deadlines', noMisses: 'No deadline missed in this period', loading: 'Loading…',
    incidentId: 'Incident', reportedAt: 'Reported', deadlineKind: 'Deadline', due: 'Due', metAt: 'Done', cause: 'Cause',
    deadlineReportUp: 'Report up in 15 min', deadlineOnScene: 'On scene in 2 h', deadlineFeedback: 'Answer in 24 h', deadlineResolve: 'Resolve in 7 working days',
    causeNotAcknowledged: 'Not acknowledged', causeAcknowledgedLate: 'Acknowledged late', causeNoResponderFound: 'Nobody to send', causeNotAccepted: 'Not accepted',
    causeArrivedLate: 'Arrived late', causeResolvedLate: 'Resolved late', causeNotResolved: 'Not resolved',
  },
};

/** @type {Record<string, Record<string, string>>} */
const names = {
  zh: {
    flood: '内涝', landslide: '山体滑坡', fire: '火灾', 'utility-outage': '停水停电', 'elderly-fall': '老人跌倒', 'elderly-illness': '老人突发疾病',
    'heat-illness': '中暑', 'person-missing': '人员走失', dispute: '矛盾纠纷', 'welfare-check': '探访关怀', 'meal-delivery': '助餐配送',
    General: '一般', Serious: '较大', Major: '重大', Critical: '特别重大',
    Reported: '已上报', Dispatched: '已派遣', Accepted: '已接单', EnRoute: '在途', OnScene: '已到场', Resolved: '已处置', Closed: '已办结', Cancelled: '已撤销', Escalated: '已升级',
    'not-reported-up': '未按时上报', 'no-responder': '无人可派', 'deadline-at-risk': '临近超时', 'deadline-breached': '已超时',
    'supplies-short': '物资不足', 'not-acknowledged': '街道未确认',
    OffDuty: '未在岗', Available: '待命', Assigned: '已指派', Done: '已完成', Released: '已释放',
    // timeline kinds and who acted (#13): what the drawer's timeline lines say
    ReportedUp: '已报送街道', Acknowledged: '街道已接报', SuppliesIssued: '已调拨物资', DeadlineMissed: '错过时限', FollowUpDispatched: '已派回访',
    system: '系统', dispatch: '调度', watch: '时限监控',
    // skills, roles and needs (a need is a skill or a role)
    'first-aid': '急救', 'elderly-care': '养老护理', 'flood-rescue': '防汛救援', firefighting: '消防', 'psychological-support': '心理疏导',
    electrician: '电工', driver: '驾驶',
    GridWorker: '网格员', Volunteer: '志愿者', SocialWorker: '社工', PropertyStaff: '物业人员',
    operator: '指挥中心', 'grid-worker': '网格员', 'street-office': '街道办', admin: '管理员',
    // alert kinds and states not named above
    'stock-below-minimum': '低于最低库存', 'stock-expiring': '物资临期', 'stock-expired': '物资过期', 'meals-over-capacity': '助餐超出能力',
    'coverage-low': '在岗人员不足', 'weekly-digest': '每周达标简报', 'not-accepted': '无人接单', Open: '未处理', Cleared: '已解除',
    // time bank lines
    Credit: '服务时长', Approval: '街道审批', Redemption: '兑换',
    // supply categories (GB/T 38565, grains/Stockpiles/supply-categories.json)
    1010101: '饮用水', 1010201: '方便食品', 1020101: '帐篷', 1020201: '棉被', 1020301: '折叠床', 1030101: '应急照明灯', 1040101: '急救包',
    1040201: '常用药品', 1040301: '口罩', 1040401: '消毒液', 2010101: '救生衣', 2010201: '冲锋舟', 2020101: '抽水泵', 2030101: '灭火器',
    2040101: '发电机', 2050101: '对讲机', 2060101: '担架', 3010101: '沙袋', 3020101: '防水布', 3030101: '铁锹',
  },
  en: {
    'not-reported-up': 'Not reported up', 'no-responder': 'Nobody to send', 'deadline-at-risk': 'Deadline at risk', 'deadline-breached': 'Deadline breached',
    'supplies-short': 'Supplies short', 'not-acknowledged': 'Not acknowledged',
    'stock-below-minimum': 'Stock below minimum', 'stock-expiring': 'Stock expiring', 'stock-expired': 'Stock expired',
    'meals-over-capacity': 'Meals over capacity', 'coverage-low': 'Too few on duty', 'weekly-digest': 'Weekly digest', 'not-accepted': 'Not accepted',
    'utility-outage': 'Utility outage', 'elderly-fall': 'Elderly fall', 'elderly-illness': 'Elderly illness', 'heat-illness': 'Heat illness',
    'person-missing': 'Person missing', 'welfare-check': 'Welfare check', 'meal-delivery': 'Meal delivery',
    EnRoute: 'En route', OnScene: 'On scene', OffDuty: 'Off duty', ReportedUp: 'Reported up', SuppliesIssued: 'Supplies issued',
    DeadlineMissed: 'Deadline missed', FollowUpDispatched: 'Follow-up dispatched', system: 'System', dispatch: 'Dispatch', watch: 'Deadline watch',
    'first-aid': 'First aid', 'elderly-care': 'Elderly care', 'flood-rescue': 'Flood rescue', firefighting: 'Firefighting',
    'psychological-support': 'Psychological support', electrician: 'Electrician', driver: 'Driver',
    GridWorker: 'Grid worker', Volunteer: 'Volunteer', SocialWorker: 'Social worker', PropertyStaff: 'Property staff',
    operator: 'Command centre', 'grid-worker': 'Grid worker', 'street-office': 'Street office', admin: 'Administrator',
    1010101: 'Drinking water', 1010201: 'Ready-to-eat food', 1020101: 'Tents', 1020201: 'Quilts', 1020301: 'Folding beds',
    1030101: 'Emergency lamps', 1040101: 'First-aid kits', 1040201: 'Common medicines', 1040301: 'Face masks', 1040401: 'Disinfectant',
    2010101: 'Life jackets', 2010201: 'Rescue boats', 2020101: 'Water pumps', 2030101: 'Fire extinguishers', 2040101: 'Generators',
    2050101: 'Two-way radios', 2060101: 'Stretchers', 3010101: 'Sandbags', 3020101: 'Tarpaulins', 3030101: 'Shovels',
  },
};

// No storage (the unit tests under Node): Chinese.
export let lang = globalThis.localStorage?.getItem('lang') || 'zh';

/** The chosen language as the service reads it (Accept-Language; the hub's alerts carry both and the feed picks it). */
export function language() { return lang === 'zh' ? 'zh-CN' : 'en'; }

/** @param {string} key */
export function t(key) { return strings[lang][key] ?? key; }

/**
 * A code the API returns (subtype, severity, stage, timeline kind, actor, skill, role, need, status, alert kind, supply
 * category) as a word in a language; a code it does not know shows as it is (user names, responder ids, new codes).
 * @param {string} chosen 'zh' or 'en'
 * @param {string | null | undefined} code
 */
export function nameIn(chosen, code) {
  if (code === null || code === undefined) return '';
  return Object.hasOwn(names[chosen] ?? {}, code) ? names[chosen][code] : code;
}

/**
 * A code the API returns, in the current language (see nameIn).
 * @param {string | null | undefined} code
 */
export function name(code) { return nameIn(lang, code); }

/** Every element with data-i18n gets its string in the current language. */
export function apply(root = document) {
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(/** @type {HTMLElement} */ (el).dataset.i18n ?? '');
}

export function toggle() {
  lang = lang === 'zh' ? 'en' : 'zh';
  localStorage.setItem('lang', lang);
  apply();
}
