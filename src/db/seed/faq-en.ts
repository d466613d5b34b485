// Demo FAQ in English, a faithful translation of faq-zh-CN.ts: same legal meaning and article
// numbers, never a date or a place, never favouring a candidate. Keywords are what English speakers
// would type, not a translation of the Chinese keywords. `key` is shared with the zh-CN and zh-TW
// entries (see faq-keys.ts). "Election Law" is the PRC Electoral Law for the NPC and local people's
// congresses; "Delegates Law" the Law on Deputies; the Standing Committee's "Provisions" are its
// Several Provisions on the Direct Election of Deputies to People's Congresses at and below County Level.

import type { KeyedFaqSeed } from "./faq-keys.js";

const PROVISIONS =
  "the NPC Standing Committee's Provisions on the Direct Election of Deputies to People's Congresses at and below County Level";
const OFFICE = "your township (sub-district) election office";

export const FAQ_EN: readonly KeyedFaqSeed[] = [
  // ── registration ──
  {
    key: "registration-check",
    topic: "registration",
    question: "How do I know whether I am registered as a voter?",
    answer:
      `The election committee publishes the voter roll no later than twenty days before election day (Election Law, Art. 28); how and where it is published is set by the election committee's notice. Please check it where it is published, or ask ${OFFICE}. This bot cannot yet look up anyone's record on the roll and cannot tell you whether you are registered. If you are not on the roll or your details are wrong, you may file an objection with the election committee within five days from the day the roll is published (Election Law, Art. 29).`,
    keywords: ["registered", "registration", "voter roll", "voter list", "on the list", "check my name", "am i registered", "electoral roll"],
  },
  {
    key: "eligibility",
    topic: "registration",
    question: "Who can take part in the election?",
    answer:
      "Every citizen of the People's Republic of China who has reached eighteen years of age has the right to vote and to stand for election, regardless of ethnic status, race, sex, occupation, family background, religious belief, education, property status or length of residence, except persons deprived of political rights under the law (Election Law, Art. 4). The age of eighteen is generally counted on election day; the province's implementing rules decide the details.",
    keywords: ["eligible", "eligibility", "who can vote", "age", "how old", "18", "right to vote", "allowed to vote", "citizen", "year old", "under 18", "minimum age"],
  },
  {
    key: "first-time-voter",
    topic: "registration",
    question: "I have just turned eighteen. Do I need to register myself?",
    answer:
      `Before each election the election committee registers the voters who have turned eighteen since the last registration (Election Law, Art. 27); how registration is done (registration points or door-to-door) is set by the election committee's notice. Please check the roll once it is published; if you are not on it, you may file an objection with the election committee within five days from the day the roll is published, or ask ${OFFICE} first.`,
    keywords: ["just turned 18", "turned eighteen", "first time voter", "first time voting", "new voter", "young", "register myself", "where to register"],
  },
  {
    key: "registration-permanent",
    topic: "registration",
    question: "I registered for the last election. Do I have to register again this time?",
    answer:
      "No. Voter status, once registered and confirmed, remains valid for the long term (Election Law, Art. 27). Before the election, staff review the roll: people who moved in or out are moved to the roll of their new constituency, and people who have died or been deprived of political rights under the law are removed. Please check your details once the roll is published.",
    keywords: ["register again", "re-register", "last time", "still valid", "registered before", "previous election", "every election"],
  },
  {
    key: "moved-home",
    topic: "registration",
    question: "I have moved house. Where should I vote?",
    answer:
      "Voters are registered by constituency. A registered voter who moves out of the original constituency is put on the voter roll of the constituency moved into (Election Law, Art. 27). If your household registration (hukou) has not moved but you live somewhere else, see the question on living away from your hukou. Which constituency you belong to is decided by the voter roll.",
    keywords: ["moved", "moving", "move house", "new address", "relocated", "changed address", "new home"],
  },
  {
    key: "hukou-elsewhere",
    topic: "away",
    question: "My hukou is registered elsewhere. Can I vote where I live now?",
    answer:
      `A voter who has in fact moved to another place but has not transferred their household registration may, after obtaining proof of voter status from the original constituency, take part in the election in the constituency where they now live (${PROVISIONS}, Art. 9). The details (for example whether a residence permit is needed) differ between provinces: the province's implementing rules and the election committee's notice decide, or ask ${OFFICE}.`,
    keywords: ["hukou", "household registration", "residence permit", "registered elsewhere", "live here", "where i live", "proof", "migrant"],
  },
  {
    key: "working-away",
    topic: "away",
    question: "I work away from home and can't come back for the election. Can I still vote?",
    answer:
      `You can vote by proxy: a voter who during the election is working, labouring or living elsewhere and cannot return to the original constituency may, with the approval of the election committee of the original place of residence, authorise in writing a relative or another voter who has the right to vote to vote on their behalf (Election Law, Art. 42; ${PROVISIONS}, Art. 9). If you have lived elsewhere for a long time, you may also vote where you now live, as described for people living away from their hukou. How to apply and the deadline are set by the election committee's notice.`,
    keywords: ["working away", "work elsewhere", "migrant worker", "out of town", "away from home", "can't come back", "abroad", "travelling", "not home"],
  },
  // ── objection ──
  {
    key: "objection-how",
    topic: "objection",
    question: "I'm not on the voter roll, or my details are wrong. What should I do?",
    answer:
      `Anyone who disagrees with the published voter roll may file an objection with the election committee within five days from the day it is published; the election committee decides within three days; anyone who does not accept the decision may sue in the people's court no later than five days before election day, and the court's judgment given before election day is final (Election Law, Art. 29). The exact deadline and how to file in this election are set by the election committee's notice, or ask ${OFFICE}. This bot cannot take objections.`,
    keywords: ["not on the list", "missing", "wrong details", "name wrong", "mistake", "error", "objection", "appeal", "complain", "correct", "name missing", "missing from"],
  },
  {
    key: "objection-deadline",
    topic: "objection",
    question: "What is the deadline for an objection?",
    answer:
      `An objection must be made within five days from the day the voter roll is published (Election Law, Art. 29), so the exact date depends on when the roll is published in this election. The exact deadline is set by the election committee's notice, or ask ${OFFICE}.`,
    keywords: ["deadline", "how many days", "time limit", "last day", "too late", "when", "expire", "file an objection", "how long"],
  },
  {
    key: "objection-others",
    topic: "objection",
    question: "Someone else's entry on the roll looks wrong (a duplicate, or a person who has died). Can I report it?",
    answer:
      `Yes. Anyone who disagrees with the published voter roll may raise it with the election committee within five days from the day it is published (Election Law, Art. 29). Tell the election committee or ${OFFICE} which record and what the problem is; staff will check it and deal with it. This bot does not take such reports and will not show you other people's personal details.`,
    keywords: ["someone else", "other person", "duplicate", "dead", "died", "deceased", "shouldn't be on the list", "report"],
  },
  // ── proxy ──
  {
    key: "proxy-how",
    topic: "proxy",
    question: "How do I get someone to vote for me (proxy voting)?",
    answer:
      `A voter who is away during the election may, with the consent of the election committee, authorise another voter in writing to vote on their behalf (Election Law, Art. 42). The authorisation must be in writing and approved by the election committee; just telling someone is not enough. The form of the authorisation, where to hand it in and the deadline are set by the election committee's notice; or ask ${OFFICE}.`,
    keywords: ["proxy", "vote by proxy", "vote for me", "on my behalf", "authorise", "authorize", "someone else vote", "letter of authorisation", "proxy form"],
  },
  {
    key: "proxy-limit",
    topic: "proxy",
    question: "How many people can one person vote for as a proxy?",
    answer:
      "No voter may accept proxies from more than three people (Election Law, Art. 42). The person who is authorised must be a voter with the right to vote.",
    keywords: ["how many", "maximum", "three", "limit", "several people", "more than"],
  },
  {
    key: "proxy-wishes",
    topic: "proxy",
    question: "Can a proxy vote the way they like?",
    answer:
      "No. The authorised voter must vote according to the wishes of the person who authorised them (Election Law, Art. 42).",
    keywords: ["own choice", "wishes", "their own way", "decide", "change my vote", "instructions", "pick", "what they asked", "their wishes"],
  },
  {
    key: "proxy-family-no-paper",
    topic: "proxy",
    question: "Can a family member just take my ID and vote for me without any proxy paperwork?",
    answer:
      "No. Voting on someone's behalf needs a written authorisation approved by the election committee (Election Law, Art. 42). At the polls voters collect their ballot on presentation of their identity card or voter card, as the election committee decides (Election Law, Art. 37).",
    keywords: ["family", "wife", "husband", "son", "daughter", "parents", "relative", "take my id", "without paperwork"],
  },
  // ── voting ──
  {
    key: "mobile-box",
    topic: "mobile_box",
    question: "What is a mobile ballot box, and who can use it?",
    answer:
      "Voters who have difficulty getting about because of illness or other reasons, or who live scattered far apart with poor transport, may vote at a mobile ballot box (Election Law, Art. 38). Mobile ballot boxes are arranged by the election committee, accompanied by staff and scrutineers, and go only to voters who have been approved. If you need one, ask your village (residents') committee or the election staff in advance; the route and times of the mobile ballot box are set by the election committee.",
    keywords: ["mobile ballot box", "ballot box", "home", "come to my house", "sick", "ill", "bedridden", "remote", "far away"],
  },
  {
    key: "accessibility",
    topic: "mobile_box",
    question: "How can elderly or disabled people, or people who find it hard to go out, vote?",
    answer:
      `Voters with limited mobility may ask for the mobile ballot box (Election Law, Art. 38); for voters who cannot come because of illness or disability, some provinces' implementing rules also allow them to authorise a relative or another voter with the right to vote to vote on their behalf, as the province's rules and the election committee's notice decide. Voters who cannot write their ballot themselves may ask a person they trust to write it for them (Election Law, Art. 40). In this bot's "Find my constituency by address" you can see the accessibility information of polling stations (where it has been entered); if you need help, contact your village (residents') committee or ${OFFICE} in advance.`,
    keywords: ["elderly", "old", "disabled", "disability", "wheelchair", "accessible", "accessibility", "mobility", "can't walk", "handicapped"],
  },
  {
    key: "id-documents",
    topic: "id",
    question: "What ID do I need to bring to vote?",
    answer:
      "Voters collect their ballot on presentation of their identity card or voter card, as the election committee decides (Election Law, Art. 37). Which one is used in this election is set by the election committee's notice; we suggest you bring both.",
    keywords: ["id", "identity card", "id card", "documents", "bring", "voter card", "passport", "identification"],
  },
  {
    key: "voter-card-lost",
    topic: "id",
    question: "I lost my voter card, or never received it. What should I do?",
    answer:
      `Where voting is by voter card, the election committee must issue voter cards (Election Law, Art. 28). If yours is lost or has not arrived, contact the election staff of your constituency as soon as possible; how a replacement is issued is set by the election committee's notice, or ask ${OFFICE}.`,
    keywords: ["voter card", "lost", "lose", "never received", "didn't get", "replacement", "replace", "new card"],
  },
  {
    key: "polling-place",
    topic: "polling",
    question: "Where do I go to vote?",
    answer:
      `The election committee sets up polling stations where voters can conveniently vote, and may also hold an election meeting or use mobile ballot boxes (Election Law, Art. 38). In this bot's "Find my constituency by address", choose the village (community) where you live to see the constituency covering it and the polling places entered so far, with address and opening hours. Finding by address is a guide only: the voter roll decides in which constituency you vote; where nothing has been announced yet, the election committee's notice decides, and the bot does not guess a place.`,
    keywords: ["polling station", "polling place", "where to vote", "where do i vote", "location", "address", "venue", "election meeting"],
  },
  {
    key: "polling-hours",
    topic: "polling",
    question: "What time does voting open and close?",
    answer:
      `Voting hours are set by the election committee and may differ between polling stations. In this bot's "Find my constituency by address", choose the village (community) where you live to see the opening hours entered for the polling station there; where they have not been announced, the election committee's notice decides.`,
    keywords: ["time", "hours", "open", "close", "opening hours", "what time", "morning", "afternoon", "how long"],
  },
  {
    key: "election-day",
    topic: "polling",
    question: "When is election day?",
    answer:
      `The date of the election is set by the election committee (${PROVISIONS}, Art. 2, item 5). This bot's main menu (/start) shows the election day of this election once it has been entered; the bot does not send reminders yet. Where it has not been announced, the election committee's notice decides.`,
    keywords: ["election day", "date", "when is the election", "which day", "voting day", "polling day"],
  },
  {
    key: "ballot-how",
    topic: "polling",
    question: "How do I fill in the ballot? Can I vote against, or write in someone else?",
    answer:
      "For each candidate you may vote for or against, you may vote for any other voter instead, or you may abstain (Election Law, Art. 41). A ballot that chooses more people than the number of deputies to be elected is invalid (Election Law, Art. 44). For how exactly to mark it, read the instructions on the ballot or ask the staff at the polling station.",
    keywords: ["fill in", "ballot paper", "mark", "vote against", "abstain", "write in", "write-in", "tick", "cross", "invalid", "spoil"],
  },
  {
    key: "secret-ballot",
    topic: "polling",
    question: "Is the vote secret? Will anyone know who I voted for?",
    answer:
      "All elections use secret ballot, and a booth for marking ballots in secret must be provided (Election Law, Art. 40). You can fill in your ballot alone in that booth.",
    keywords: ["secret", "anonymous", "private", "privacy", "booth", "confidential", "know who i voted", "see who", "who i voted for"],
  },
  {
    key: "ballot-writing-help",
    topic: "polling",
    question: "I can't read or write. Can someone help me fill in the ballot?",
    answer:
      "Yes. A voter who is illiterate or cannot write the ballot because of a disability may ask a person they trust to write it for them (Election Law, Art. 40). That person must fill it in as you wish.",
    keywords: ["can't read", "cannot write", "illiterate", "blind", "poor eyesight", "help me write", "help filling"],
  },
  // ── constituency ──
  {
    key: "constituency-which",
    topic: "constituency",
    question: "Which constituency am I in?",
    answer:
      `Constituencies may be drawn by place of residence or by production units, public institutions and workplaces; each constituency elects one to three deputies (Election Law, Art. 25). So your address does not necessarily decide your constituency: the voter roll does. This bot's "Find my constituency by address" shows the constituency covering the village (community) where you live, as a guide only; it cannot yet look up your record on the roll by name. Please check the published voter roll, or ask ${OFFICE}.`,
    keywords: ["constituency", "district", "electoral district", "which constituency", "my constituency", "ward", "workplace"],
  },
  {
    key: "voter-group",
    topic: "constituency",
    question: "What does a voter group do?",
    answer:
      "The voters of a constituency are organised into voter groups. Once the list of candidates is published, it goes to the voter groups of each constituency for discussion and consultation, to settle the official list of candidates (Election Law, Art. 32). The group leader is chosen by the voters (the provinces' implementing rules set this out). Which group you are in is decided by the voter roll.",
    keywords: ["voter group", "group", "group leader", "discuss", "consultation"],
  },
  // ── candidates ──
  {
    key: "candidates-nomination",
    topic: "candidates",
    question: "How are candidates chosen?",
    answer:
      "Political parties and people's organisations may nominate candidates jointly or separately; ten or more voters together may also nominate a candidate. No nominator may nominate more people than the number of deputies the constituency elects (Election Law, Art. 30). The candidates are put together on a list and published no later than fifteen days before election day, and the list goes to the voter groups for discussion and consultation to settle the official list (Election Law, Art. 32).",
    keywords: ["nominate", "nomination", "become a candidate", "stand for election", "run for", "ten voters", "chosen", "selected"],
  },
  {
    key: "candidates-more-than-seats",
    topic: "candidates",
    question: "Why are there more candidates than deputies to elect?",
    answer:
      "Deputies to people's congresses are elected in competitive elections, with more candidates than seats. Where voters elect directly, the number of candidates must exceed the number of deputies to be elected by one third to one times (Election Law, Art. 31); for example, when one deputy is to be elected there are two candidates.",
    keywords: ["more candidates", "seats", "competitive", "how many candidates", "number of candidates", "why more"],
  },
  {
    key: "candidates-list",
    topic: "candidates",
    question: "Where can I see the list of candidates and their profiles?",
    answer:
      `The official list of candidates and their basic details must be published no later than seven days before election day (Election Law, Art. 32). The list and profiles are those in the election committee's notice. The list is usually ordered by the number of strokes in the surname; the order means no recommendation or preference. Introductions of candidates stop on election day (Election Law, Art. 34). Send /candidates (or tap "👥 Candidates" in the main menu) to see the list as entered, in stroke order, with the introductions and the meetings with voters; from election day on only the list.`,
    keywords: ["candidate list", "list of candidates", "who are the candidates", "profile", "background", "biography", "order", "information about candidates", "who is running", "running"],
  },
  {
    key: "candidates-meeting",
    topic: "candidates",
    question: "Can I ask to meet the candidates?",
    answer:
      "Yes. At the voters' request, the election committee must arrange for candidates to meet voters, present themselves and answer voters' questions; but introductions must stop on election day (Election Law, Art. 34). You can make the request to your voter group or the election staff; the time and place of any meeting arranged is set by the election committee's notice.",
    keywords: ["meet", "meeting", "meet the candidates", "ask questions", "talk to", "town hall", "forum"],
  },
  {
    key: "who-to-vote-for",
    topic: "candidates",
    question: "Can you tell me who to vote for?",
    answer:
      "No. This bot does not recommend or rate any candidate, and does not say which candidate is better. The list of candidates and their details are those the election committee publishes. Who you vote for is your own decision; no organisation or individual may in any way interfere with a voter's free exercise of the right to vote (Election Law, Art. 36).",
    keywords: ["who to vote for", "who should i vote", "recommend", "best candidate", "which candidate", "who is better", "advice"],
  },
  {
    key: "bribery-threats",
    topic: "integrity",
    question: "Someone offered me money or gifts, or threatened me, to vote for a certain person. What should I do?",
    answer:
      "Bribing voters with money or other property, or obstructing voters' free exercise of the right to vote by violence, threats, deception or other means, undermines the election and is dealt with under the law; anyone elected by such means is not validly elected (Election Law, Art. 58). Please report it to the election committee or your township (sub-district) election office.",
    keywords: ["bribe", "bribery", "money", "gift", "paid", "threat", "threatened", "buy votes", "pressure", "report", "dinner"],
  },
  // ── results ──
  {
    key: "results-validity",
    topic: "results",
    question: "When is an election valid, and what does a candidate need to be elected?",
    answer:
      "An election is valid when more than half of all the voters of the constituency vote; a candidate is elected only with the votes of more than half of the voters who voted (Election Law, Art. 45). If fewer deputies are elected than there are seats, another election is held for the remaining seats, in which those with the most votes are elected, but with no fewer than one third of the votes. The election committee decides whether the election is valid and announces the result (Election Law, Art. 46).",
    keywords: ["valid", "elected", "win", "majority", "more than half", "result", "results", "turnout", "votes needed", "count", "need to win", "votes to win"],
  },
  // ── delegates ──
  {
    key: "delegate-suggestions",
    topic: "suggestions",
    question: "How can I give my views and suggestions to my people's congress deputy?",
    answer:
      "Deputies must keep in close contact with the voters of their constituency, listen to their opinions and demands and pass them on (Delegates Law, Art. 8). To find out how to contact your constituency's deputy, ask your township (sub-district) or the county people's congress standing committee. This bot cannot yet pass messages to deputies. Suggestions, criticisms and opinions that deputies raise are sent to the bodies concerned, which must reply within three months, or within six months for wide-ranging or difficult matters (Delegates Law, Art. 51).",
    keywords: ["suggestion", "opinion", "feedback", "contact my deputy", "contact deputy", "complaint", "raise an issue", "message my deputy", "representative"],
  },
  {
    key: "delegate-reports",
    topic: "suggestions",
    question: "Do deputies report back to voters on their work?",
    answer:
      "Yes. Deputies must report to the voters of their constituency on how they perform their duties, in various ways; the county people's congress standing committee keeps a record of deputies' work, regularly arranges for deputies to report to voters, and publishes deputies' basic information and work record (Delegates Law, Art. 58). Deputies' reporting schedule and published work records are those published by the county people's congress standing committee; this bot does not provide them yet.",
    keywords: ["report back", "accountability", "what has my deputy done", "work report", "performance", "record", "duties", "report on", "what they have done", "done"],
  },
  {
    key: "recall",
    topic: "recall",
    question: "I'm not happy with my deputy. Can they be recalled?",
    answer:
      "Yes. For a deputy to the county people's congress, fifty or more voters of the original constituency, and for a deputy to the township people's congress, thirty or more, may jointly submit a written request for recall, with reasons, to the county people's congress standing committee (Election Law, Art. 50). A recall needs the approval of more than half of the voters of the original constituency (Election Law, Art. 53).",
    keywords: ["recall", "remove", "dismiss", "unhappy", "replace my deputy", "get rid of", "petition", "fifty", "bad deputy", "bad representative", "remove a deputy"],
  },
  // ── privacy ──
  {
    key: "privacy-data",
    topic: "privacy",
    question: "What does the bot keep about me? Can it be deleted?",
    answer:
      `This bot keeps your conversations with it (the messages you send it and its replies), the language you chose, and your Telegram account number, name and username. Conversations are kept for a period set by the county (365 days by default) and then deleted automatically. The bot does not show your information to other users. If you want it deleted now, contact ${OFFICE}; viewing and deleting it yourself ("My data") is still planned. The voter roll itself is kept by the election committee: deleting data in the bot does not change the roll.`,
    keywords: ["privacy", "my data", "personal data", "personal information", "delete", "store", "keep", "gdpr", "data protection", "leak"],
  },
  {
    key: "reminders-off",
    topic: "privacy",
    question: "Too many reminders. How do I turn them off?",
    answer:
      `This bot does not send reminders yet. For dates such as the publication of the voter roll, the objection deadline and election day, see the election committee's notice, or ask ${OFFICE}.`,
    keywords: ["reminders", "notifications", "turn off", "stop", "unsubscribe", "too many messages", "mute", "spam"],
  },
  {
    key: "help-human",
    topic: "help",
    question: "What if the bot can't answer my question?",
    answer:
      `This bot cannot yet pass questions on to staff; please contact ${OFFICE} directly. For specific arrangements such as dates and places, the election committee's notice decides. You can also ask again in other words, using key words such as "proxy voting", "working away", "voter card", "objection" or "polling station", or browse the common questions by category.`,
    keywords: ["human", "real person", "staff", "talk to someone", "contact", "phone", "help", "no answer", "operator", "call", "don't understand", "someone to talk to"],
  },
];
