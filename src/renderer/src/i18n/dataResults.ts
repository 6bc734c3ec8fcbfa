/**
 * Strings of query results (the table under a query_data step, "Save as CSV") and of charts drawn
 * from a query. Kept apart from en.ts / zh-CN.ts so the data feature owns them; both languages key
 * for key (the Translation type checks it through en.ts). Counts come twice: `count` picks the
 * plural form, the named value is the number already formatted for the language (12,345).
 */
export const dataResultsEn = {
  saveCsv: 'Save as CSV',
  savingCsv: 'Saving…',
  saveCsvTitle: 'Run the query again and save its whole result as a CSV file',
  tableLabel: 'Query result',
  showAllSql: 'Show all',
  showLessSql: 'Show less',
  sortColumn: '{{column}} ({{type}}): click to sort',
  nullValue: 'null',
  rows_one: '{{rows}} row',
  rows_other: '{{rows}} rows',
  rowsOfTotal_one: '{{shown}} of {{total}} row',
  rowsOfTotal_other: '{{shown}} of {{total}} rows',
  firstRows_one: 'First {{shown}} row (the result has more)',
  firstRows_other: 'First {{shown}} rows (the result has more)',
  chartRunning: 'Running the query…',
  chartFrom: 'From your data:',
  chartNeedsData: 'This chart needs the data files of its conversation.',
  chartFirstRows_one: '(first {{rows}} row)',
  chartFirstRows_other: '(first {{rows}} rows)'
}

export const dataResultsZhCN: typeof dataResultsEn = {
  saveCsv: '另存为 CSV',
  savingCsv: '正在保存…',
  saveCsvTitle: '重新运行查询，并将完整结果保存为 CSV 文件',
  tableLabel: '查询结果',
  showAllSql: '展开全部',
  showLessSql: '收起',
  sortColumn: '{{column}}（{{type}}）：点击排序',
  nullValue: '空值',
  rows_one: '{{rows}} 行',
  rows_other: '{{rows}} 行',
  rowsOfTotal_one: '共 {{total}} 行，显示 {{shown}} 行',
  rowsOfTotal_other: '共 {{total}} 行，显示 {{shown}} 行',
  firstRows_one: '显示前 {{shown}} 行（结果还有更多）',
  firstRows_other: '显示前 {{shown}} 行（结果还有更多）',
  chartRunning: '正在运行查询…',
  chartFrom: '数据来源：',
  chartNeedsData: '此图表需要其所在对话的数据文件。',
  chartFirstRows_one: '（前 {{rows}} 行）',
  chartFirstRows_other: '（前 {{rows}} 行）'
}
