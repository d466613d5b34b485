/**
 * Hand-made data for stroke-order sorting that cnchar's table lacks or gets wrong.
 * Sequences use the GF 3003-1999 classes in writing order: 1 横/提, 2 竖, 3 撇, 4 点/捺, 5 折.
 */

/** Characters missing from cnchar-order 3.2.6, or miscounted there, checked against 通用规范汉字表 笔顺. */
export const STROKE_OVERRIDES: Readonly<Record<string, string>> = {
  // cnchar drops the first 撇 of 白 (12 strokes); 皙 = 析 + 白 = 13.
  皙: "1234331232511",
  // cnchar gives 15 strokes with a garbled right side; 禤 = 礻 + 睘 (as in 寰, 缳) = 17.
  禤: "45242522112513534",
  // Missing in cnchar: 讬 = 讠 + 乇; 挼 = 扌 + 妥.
  讬: "45315",
  挼: "1213443531",
};

/*
 * Structure breaks ties between characters whose stroke sequences are identical: left-right first,
 * then top-bottom, then whole (独体; enclosures are counted here too, as they are neither
 * left-right nor top-bottom). The two lists below classify, by hand, the top-bottom and whole
 * characters among the 235 groups of identical sequences in the table (521 characters); any other
 * character counts as left-right, the commonest structure. A rare character outside the table that ties with one of
 * these still gets a deterministic order from the final code-point tie-break.
 */
export const TOP_BOTTOM =
  "云旦丢么乏公尔亓亦衣父爻佘余元兄杀先六文具昊冕冗冢殳占券劵召县歹另只号各名吕邑吴员呙杲果显考赤贡孝" +
  "孥驽它宄岂岁岌峯崔录隶示旨旮旱旻晕景李查査柰梦梵氽汆麦番畬畲穿窃笤笳籴采胃胄芃芄芍芨芎芑芜芫苇苕茄" +
  "苜苴茂茏茼莒早吉圭汞垚幸者朵杂竽竿芤芭蛩蛰";

export const WHOLE =
  "丁七万才丈大丌廾专且目丘东戉廷丸久凡勺及夕乂人入八乃刀力乇乞乐乜了九儿几勹匕亍于亏井开片兀尢无内冈贝" +
  "农这凤勾凸击刃小飞牙匹厄午牛厶又友尤口囗史央电可叵右石甲申同囿囯里土士工处天夫太犬夭攵失矢子孑马孓幺" +
  "寸弋尻尼山巾屾岀巨己已巳弓必戊龙戋承手毛气摩麾日曰旬旭有百未末欠风毯氮田由疸疽网肉迢迦逮逯" +
  "十下丐凵予干水卫巴";
