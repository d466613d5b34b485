// 200,000 rows × 8 columns through the report writers: time, size and memory (a measurement, not
// a test). Run: npx tsx bench/report-files.ts
import { writeCsv, writeXlsx, type XlsxColumn } from "../src/reports/render/xlsx.js";

const cols: XlsxColumn[] = [
  { key: "id", header: "序号", format: "int" }, { key: "name", header: "姓名" },
  { key: "idCard", header: "身份证号", format: "text" }, { key: "area", header: "选区" },
  { key: "votes", header: "票数", format: "int" }, { key: "share", header: "得票率", format: "percent" },
  { key: "age", header: "平均年龄", format: "decimal" }, { key: "day", header: "登记日期", format: "date" },
];
const rows = Array.from({ length: 200_000 }, (_, i) => ({
  id: i + 1, name: `选民${i}`, idCard: `11010119900307${String(i % 10000).padStart(4, "0")}`, area: `青禾镇第${(i % 200) + 1}选区`,
  votes: (i * 7919) % 5000, share: ((i * 31) % 1000) / 1000, age: 18 + ((i * 13) % 700) / 10, day: new Date(Date.UTC(2025, 0, 1 + (i % 60), 3)),
}));

const rssBefore = process.memoryUsage().rss;
let t = performance.now();
const xlsx = await writeXlsx([{ name: "选民", columns: cols, rows }]);
const xlsxMs = performance.now() - t;
const xlsxRss = process.memoryUsage().rss - rssBefore;
t = performance.now();
const csv = writeCsv(cols, rows);
const csvMs = performance.now() - t;
console.log("| file | rows | ms | MB | RSS growth MB |\n|---|---:|---:|---:|---:|");
console.log(`| XLSX (streaming) | ${rows.length} | ${xlsxMs.toFixed(0)} | ${(xlsx.length / 1e6).toFixed(1)} | ${(xlsxRss / 1e6).toFixed(0)} |`);
console.log(`| CSV | ${rows.length} | ${csvMs.toFixed(0)} | ${(csv.length / 1e6).toFixed(1)} | |`);
