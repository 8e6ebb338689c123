using System.Collections.Frozen;
using System.Globalization;

namespace ThreeSocial.Grains.Texts;

/// <summary>One sentence in both languages; {0}, {1}… are the facts it is rendered with.</summary>
public sealed record Text(string Zh, string En);

/// <summary>
/// The service's one catalogue of sentences for people, keyed by name, in zh-CN (the default) and en. Stored records keep
/// facts; these sentences are rendered from them when read, in the caller's language.
/// </summary>
public static class Texts
{
    public static readonly FrozenDictionary<string, Text> All = new Dictionary<string, Text>(StringComparer.Ordinal)
    {
        ["timeline.reported"] = new("网格 {1} 上报：{0}", "{0} reported in grid {1}"),
        ["timeline.reported-up"] = new("已报送街道办 {0}", "sent to street office {0}"),
        ["timeline.acknowledged"] = new("街道办已接报", "the street office has the report"),
        ["timeline.nobody-assigned"] = new("未派出人员", "nobody assigned"),
        ["timeline.pick"] = new("{0} 负责「{1}」，预计 {2} 分钟到达", "{0} for '{1}', ETA {2} min"),
        ["timeline.unfilled"] = new("未满足：{0}", "unfilled: {0}"),
        ["timeline.accepted"] = new("已接受「{0}」", "accepted '{0}'"),
        ["timeline.en-route"] = new("「{0}」出发前往现场", "'{0}' EnRoute"),
        ["timeline.on-scene"] = new("「{0}」已到场", "'{0}' OnScene"),
        ["timeline.no-longer-free"] = new("派单时已不空闲", "no longer free when asked"),
        ["timeline.replaced"] = new("「{0}」已由更早到达的跨区支援人员替换", "replaced by an earlier mutual-aid responder for '{0}'"),
        ["timeline.declined"] = new("{0} 拒绝：{1}", "declined by {0}: {1}"),
        ["timeline.not-accepted-in"] = new("{0} 分钟内未接单", "not accepted within {0} min"),
        ["timeline.went-off-duty"] = new("已下岗（{0}）", "went off duty ({0})"),
        ["timeline.no-responder"] = new("跨区支援后仍无人可派：{0}", "no responder found for {0}, even with mutual aid"),
        ["timeline.late"] = new("{0} 前无人能到场；最早的人员 {1} 分钟后到达", "nobody can be on scene before {0}; the earliest responder arrives in {1} min"),
        ["timeline.escalated-not-accepted"] = new("{0} 未在 {1} 分钟内接单；已改派次优人员", "{0} did not accept within {1} min; sent to the next best"),
        ["timeline.supplies-short"] = new("最近的 {1} 个储备点缺少：{0}", "short of {0} in the {1} nearest stockpiles"),
        ["timeline.shortage"] = new("{2} {0} {1}", "{0} {1} of {2}"),
        ["timeline.deadline-missed-reason"] = new("错过时限：{0}（{1} 上报）", "deadline missed: {0} (reported {1})"),
        ["timeline.deadline-missed"] = new("错过时限：{0}", "{0}"),
        ["timeline.supplies-none"] = new("无需物资或未找到物资", "no supplies needed or none found"),
        ["timeline.supply"] = new("{0} × {1}，来自 {2}", "{0} × {1} from {2}"),
        ["why.late"] = new("无人能在时限前到达；最早到达者（{0} 分钟）前往，事件已升级", "nobody free can arrive before the deadline; the earliest arrival ({0} min) goes and the incident is escalated"),
        ["why.nearest"] = new("具备「{0}」的最近人员（{1} 分钟，{2} 公里）", "nearest with '{0}' ({1} min, {2} km)"),
        ["why.nearer-taken"] = new("{0} 分钟；更近的 {1} 本轮已被指派", "{0} min; nearer {1} was already assigned this round"),
        ["why.nearer-kept"] = new("{0} 分钟；更近的 {1}（{2} 分钟）留给 {3}，那里能及时赶到的人很少", "{0} min; nearer {1} ({2} min) is kept for {3}, which has few others who can arrive in time"),
        ["why.leaves-fewer"] = new("选派后 {0} 可用的人更少", "taking them leaves fewer for {0}"),
        ["why.kept-back"] = new("留作他处首次响应：在岗具备「{2}」的 {1} 人中仅 {0} 人空闲", "kept for first responses elsewhere: {0} of {1} on duty with '{2}' are free"),
        ["why.nobody-has"] = new("本调度台无人具备此能力", "nobody available on this board has it"),
        ["why.all-taken"] = new("具备此能力的人员均已被指派", "everyone who has it is already taken"),
        ["alert.stock-restored"] = new("各类物资均已恢复至最低库存以上", "every category is at or above its minimum again"),
        ["alert.nothing-expiring"] = new("已无临期物资", "nothing held expires soon any more"),
        ["alert.nothing-expired"] = new("已无过期物资在库", "no expired stock is held any more"),
        ["alert.meals-over"] = new("当日助餐已结束", "the day's meals are over"),
        ["alert.below-minimum"] = new("低于最低库存：{0}", "below minimum: {0}"),
        ["alert.expiring"] = new("{0} 天内过期：{1}", "expiring within {0} days: {1}"),
        ["alert.expired"] = new("已过期仍在库：{0}", "expired, still held: {0}"),
        ["alert.meals"] = new("{0}：预订 {1} 份，供餐能力 {2} 份（堂食 {3} + 配送 {4}），超出 {5} 份", "{0}: {1} booked, capacity {2} ({3} seats + {4} delivered), {5} over"),
        ["alert.coverage-low"] = new("在岗 {0} 人，{2} 名60岁以上居民的最低配置为 {1} 人", "{0} on duty, minimum {1} for {2} residents aged 60+"),
        ["alert.coverage-restored"] = new("在岗人员已恢复至 {0} 人（最低 {1} 人）", "{0} on duty again, minimum {1}"),
        ["alert.on-scene"] = new("{0} 已到场", "{0} on scene"),
        ["alert.incident-ended"] = new("事件已{0}：{1}", "incident {0}: {1}"),
        ["alert.acknowledged-by"] = new("已由 {0} 确认", "acknowledged by {0}"),
        ["alert.not-acknowledged"] = new("{0} 于 {1} 发出，街道 {2} 未确认", "{0} raised {1}, not acknowledged by {2}"),
        ["alert.cleared"] = new("{0} 已解除：{1}", "{0} cleared: {1}"),
        ["alert.weekly-digest"] = new(
            "{0} 起一周：15分钟上报 {1}，2小时到场 {2}，24小时答复 {3}，7个工作日办结 {4}（达标/已判定）；未达标 {5} 项，进行中 {6} 项；居民满意度 {7}（{8} 份评价）",
            "week of {0}: reported up in 15 min {1}, on scene in 2 h {2}, answered in 24 h {3}, resolved in 7 working days {4}; {5} missed, {6} pending; satisfaction {7} from {8} ratings"),
        ["stage.resolved"] = new("办结", "resolved"),
        ["stage.closed"] = new("关闭", "closed"),
        ["stage.cancelled"] = new("取消", "cancelled"),
        ["problem.invalid"] = new("请求无效，未做任何更改。", "The request is not valid; nothing was changed."),
        ["problem.unreadable"] = new("无法读取请求。", "The request could not be read."),
        ["problem.too-large"] = new("请求内容过大。", "The request body is too large."),
        ["problem.not-found"] = new("未找到。", "Not found."),
        ["problem.forbidden"] = new("无权操作，未做任何更改。", "Not allowed; nothing was changed."),
        ["problem.conflict"] = new("请求与当前状态冲突，未做任何更改。", "The request conflicts with the current state; nothing was changed."),
        ["problem.changed-meanwhile"] = new("记录已被他人修改，未保存任何内容，请重试。", "The record changed meanwhile; nothing was stored. Retry."),
        ["problem.storage-down"] = new("存储暂不可用，未保存任何内容，请稍后重试。", "Storage is unavailable; nothing was stored. Retry shortly."),
        ["problem.restarting"] = new("服务正在关闭或重启，请稍后重试。", "The service is shutting down or restarting; retry shortly."),
        ["problem.timeout"] = new("请求未能及时完成，稍后仍可能完成。", "The request did not complete in time; it may still complete."),
        ["problem.unexpected"] = new("发生意外错误。", "An unexpected error occurred."),
        ["problem.not-signed-in"] = new("未登录。", "Not signed in."),
        ["problem.too-many"] = new("请求过于频繁，未做任何更改。", "Too many requests; nothing was changed."),
        ["invalid.required"] = new("{0} 为必填项。", "{0} is required."),
        ["invalid.too-long"] = new("{0} 最多 {1} 个字符，实际 {2} 个。", "{0} is at most {1} characters; got {2}."),
        ["invalid.control-characters"] = new("{0} 含有控制字符。", "{0} contains control characters."),
        ["invalid.phone"] = new("{0} 应为电话号码：数字，可以 + 开头，可含空格或短横线，5 到 20 个字符。", "{0} is a phone number: digits, an optional leading +, spaces or dashes; 5 to 20 characters."),
        ["invalid.between"] = new("{0} 应在 {1} 到 {2} 之间。", "{0} is between {1} and {2}."),
        ["invalid.zero-or-more"] = new("{0} 应为 0 或更大。", "{0} is 0 or more."),
        ["invalid.page"] = new("{0} 从 1 开始。", "{0} starts at 1."),
        ["invalid.lon-lat"] = new("lon 和 lat 为 WGS 84 经纬度。", "lon and lat are WGS 84 degrees."),
        ["invalid.bbox"] = new("bbox 依次为最小经度、最小纬度、最大经度、最大纬度（度，逗号分隔）。", "bbox is minLon,minLat,maxLon,maxLat in degrees."),
        ["invalid.bbox-order"] = new("bbox 要求 minLon < maxLon 且 minLat < maxLat。", "bbox needs minLon < maxLon and minLat < maxLat."),
        ["invalid.idempotency-missing"] = new("每个写请求都需要且只需要一个 {0} 请求头（由客户端选择的标识，如 UUID）。", "Every write needs exactly one {0} header (a client-chosen id, such as a UUID)."),
        ["invalid.idempotency-long"] = new("{0} 最多 100 个可见 ASCII 字符。", "{0} is at most 100 visible ASCII characters."),
        ["invalid.reused"] = new("{0} '{1}' 已用于另一个{2}。", "{0} '{1}' was already used for a different {2}."),
        ["invalid.not-a-region"] = new("{0} 不是全市、区县、街道、社区或网格的代码。", "{0} is not the code of the city, a district, street, community or grid."),
        ["invalid.not-street-or-district"] = new("{0} 不是街道或区县的代码。", "{0} is not the code of a street or district."),
        ["invalid.alert-messages"] = new("告警 {0} 的消息编号为 1 到 {1}。", "Alert {0} has messages 1 to {1}."),
        ["invalid.outside-grids"] = new("（{0}, {1}）不在重庆任何网格内。", "({0}, {1}) is not inside any grid of Chongqing."),
        ["invalid.outside-city"] = new("（{0}, {1}）不在重庆境内。", "({0}, {1}) is not inside Chongqing."),
        ["invalid.lon-lat-numbers"] = new("经度和纬度应为数字（WGS 84）。", "Longitude and latitude are numbers (WGS 84)."),
        ["invalid.satisfaction"] = new("满意度为 1（非常不满意）到 5（非常满意）；未询问居民时不填。", "Satisfaction is 1 (very dissatisfied) to 5 (very satisfied), or left out when the resident was not asked."),
        ["invalid.people"] = new("涉及人数为 0 到 100,000。", "People involved is 0 to 100,000."),
        ["invalid.one-of"] = new("{0} 应为以下之一：{1}。", "{0} is one of {1}."),
        ["deadline.report-up"] = new("上报街道", "report-up"),
        ["deadline.on-scene"] = new("到场", "on-scene"),
        ["deadline.feedback"] = new("反馈", "feedback"),
        ["deadline.resolve"] = new("办结", "resolve"),
        // #13 notes: time bank, units, needs
        ["timebank.credit"] = new("{1}（{0}）：在场 {2} 小时", "{0} at {1}: {2} h on scene"),
        ["timebank.credit-capped"] = new("{1}（{0}）：在场 {2} 小时，按预计时长记入 {3} 小时，{4} 小时待街道审批",
            "{0} at {1}: {2} h on scene, {3} h credited (the expected duration), {4} h awaiting the street office"),
        ["timebank.approval"] = new("已批准超出预计时长的 {0} 小时", "{0} h above the expected duration approved"),
        ["timeline.need-count"] = new("{0} × {1}", "{0} × {1}"),
        // A need (a skill or a role) in words; the English is the code itself, as notes always wrote it.
        ["need.first-aid"] = new("急救", "first-aid"),
        ["need.elderly-care"] = new("养老护理", "elderly-care"),
        ["need.flood-rescue"] = new("防汛救援", "flood-rescue"),
        ["need.firefighting"] = new("消防", "firefighting"),
        ["need.psychological-support"] = new("心理疏导", "psychological-support"),
        ["need.electrician"] = new("电工", "electrician"),
        ["need.driver"] = new("驾驶", "driver"),
        ["need.GridWorker"] = new("网格员", "GridWorker"),
        ["need.Volunteer"] = new("志愿者", "Volunteer"),
        ["need.SocialWorker"] = new("社工", "SocialWorker"),
        ["need.PropertyStaff"] = new("物业人员", "PropertyStaff"),
        ["need.anyone"] = new("任何人员", "anyone"),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public static readonly CultureInfo Chinese = CultureInfo.GetCultureInfo("zh-CN");
    public static readonly CultureInfo English = CultureInfo.GetCultureInfo("en");

    /// <summary>Whether a culture reads the English texts; anything not English reads Chinese, the service's default.</summary>
    public static bool IsEnglish(CultureInfo culture) => culture.TwoLetterISOLanguageName == "en";

    public static string Say(string key, CultureInfo culture, params object?[] facts)
    {
        var text = All.TryGetValue(key, out var t) ? t : throw new KeyNotFoundException($"No text '{key}'.");
        return string.Format(CultureInfo.InvariantCulture, IsEnglish(culture) ? text.En : text.Zh, facts);
    }

    /// <summary>A list in the language's own separator.</summary>
    public static string List(IEnumerable<string> items, CultureInfo culture, bool strong = false) =>
        string.Join(IsEnglish(culture) ? (strong ? "; " : ", ") : (strong ? "；" : "、"), items);
}
