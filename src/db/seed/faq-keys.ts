// Stable keys for the demo FAQ, shared by the zh-CN, en and zh-TW seeds (faq-search matches by key
// and falls back to the zh-CN entry with the same key). faq-zh-CN.ts does not carry keys yet: this
// maps each zh-CN question, verbatim, to its key until its owner adds a `key` field from this list.

import type { FaqSeed } from "./faq-zh-CN.js";

export const FAQ_KEYS_BY_ZH_CN_QUESTION: Readonly<Record<string, string>> = {
  "怎么知道我有没有被登记为选民？": "registration-check",
  "什么人可以参加选举？": "eligibility",
  "我刚满十八岁，需要自己去登记吗？": "first-time-voter",
  "上次选举登记过，这次还要重新登记吗？": "registration-permanent",
  "我搬家了，应该在哪里参加选举？": "moved-home",
  "户口不在这里（人户分离），能在现在住的地方参加选举吗？": "hukou-elsewhere",
  "我在外地打工，选举时回不来，还能投票吗？": "working-away",
  "名单上没有我，或者我的信息写错了，怎么办？": "objection-how",
  "申诉的截止日期是哪天？": "objection-deadline",
  "发现名单上别人的信息有问题（如重复、已去世），可以反映吗？": "objection-others",
  "委托别人代投（委托投票）怎么办理？": "proxy-how",
  "一个人最多可以接受几个人的委托？": "proxy-limit",
  "受委托的人可以按自己的想法投票吗？": "proxy-wishes",
  "家里人没有委托手续，能直接拿我的证件替我投票吗？": "proxy-family-no-paper",
  "流动票箱是什么？谁可以用？": "mobile-box",
  "老人、残疾人或者不方便出门的人怎么投票？": "accessibility",
  "投票要带什么证件？": "id-documents",
  "选民证丢了或者没收到，怎么办？": "voter-card-lost",
  "我应该到哪里投票？": "polling-place",
  "投票几点开始，几点结束？": "polling-hours",
  "选举日是哪一天？": "election-day",
  "选票怎么填？可以投反对票或者写别人吗？": "ballot-how",
  "投票是保密的吗？别人会知道我投了谁吗？": "secret-ballot",
  "我不识字或者写不了字，能请人帮忙写选票吗？": "ballot-writing-help",
  "我属于哪个选区？": "constituency-which",
  "选民小组是做什么的？": "voter-group",
  "代表候选人是怎么产生的？": "candidates-nomination",
  "为什么候选人比要选的代表多？": "candidates-more-than-seats",
  "在哪里看候选人名单和介绍？": "candidates-list",
  "可以要求和候选人见面吗？": "candidates-meeting",
  "你能告诉我应该选谁吗？": "who-to-vote-for",
  "有人送钱送礼或者威胁，让我投某人的票，怎么办？": "bribery-threats",
  "选举怎样才有效？候选人怎样才算当选？": "results-validity",
  "怎样向人大代表反映意见和建议？": "delegate-suggestions",
  "代表会向选民汇报工作吗？": "delegate-reports",
  "对代表不满意，可以罢免吗？": "recall",
  "机器人保存了我哪些信息？可以删除吗？": "privacy-data",
  "提醒太多了，怎么关掉？": "reminders-off",
  "机器人回答不了我的问题怎么办？": "help-human",
};

/**
 * Keyword additions proposed for faq-zh-CN.ts, by key (see the faq-search report). Until its owner
 * applies them, `withKeys` merges them so that the search is measured on the data as it will be.
 */
export const ZH_CN_KEYWORD_ADDITIONS: Readonly<Record<string, readonly string[]>> = {
  "registration-check": ["登上", "有我没有", "是不是选民", "查一下", "看名单"],
  "eligibility": ["外国人", "坐牢", "服刑", "所有人", "投票权", "多大"],
  "moved-home": ["刚搬", "搬过来", "搬走了"],
  "objection-how": ["漏了", "没我", "找不到我", "登记错", "搞错了", "更正"],
  "objection-deadline": ["时间限制", "多长时间", "几天", "还能申诉"],
  "objection-others": ["死了", "过世", "外村人", "不是本村", "重复登记"],
  "proxy-limit": ["帮几个人", "代几个人", "人数限制"],
  "proxy-wishes": ["自己做主", "自作主张", "按我的意思", "改投", "想投谁"],
  "proxy-family-no-paper": ["老婆", "媳妇", "儿子", "女儿", "拿我身份证"],
  "mobile-box": ["太远", "离得远", "山上", "走不了"],
  "accessibility": ["走不动", "爷爷", "奶奶", "瘫痪", "残疾人"],
  "polling-place": ["哪个地方", "哪儿投", "投票点"],
  "election-day": ["什么时候投票", "哪天选举", "几月几号"],
  "ballot-how": ["都不想选", "谁都不选", "不选"],
  "ballot-writing-help": ["认字", "失明", "盲人", "眼睛"],
  "candidates-nomination": ["参选", "报名", "当候选人", "谁定的", "选出来"],
  "candidates-meeting": ["当面", "来村里", "讲讲"],
  "who-to-vote-for": ["哪个候选人好", "推荐一个", "帮我选"],
  "bribery-threats": ["逼我", "强迫", "红包", "村干部"],
  "results-validity": ["票不够", "重选", "算数", "多少票"],
  "delegate-suggestions": ["联系代表", "代表电话"],
  "delegate-reports": ["干了啥", "做了什么", "这几年"],
  "privacy-data": ["记录", "聊天记录"],
  "help-human": ["找谁问", "不懂", "真人"],
};

export interface KeyedFaqSeed extends FaqSeed {
  key: string;
}

/** The zh-CN seed with its keys (and the proposed keyword additions); throws on an unmapped question. */
export function withKeys(entries: readonly FaqSeed[], additions = ZH_CN_KEYWORD_ADDITIONS): KeyedFaqSeed[] {
  return entries.map((e) => {
    const key = (e as Partial<KeyedFaqSeed>).key ?? FAQ_KEYS_BY_ZH_CN_QUESTION[e.question];
    if (!key) throw new Error(`faq-keys: no key for zh-CN question ${JSON.stringify(e.question)}`);
    const extra = (additions[key] ?? []).filter((k) => !e.keywords.includes(k));
    return { ...e, key, keywords: [...e.keywords, ...extra] };
  });
}
