// The rate table the benchmarks push: `count` directions over 40 currencies, some cash in two
// cities, as the admin API takes it (PUT/PATCH /admin/directions).
/** The same table as the admin API takes it: 500 directions over 40 currencies, some cash in two cities; `round` moves every rate. */
export function rateInput(count: number, round: number): Array<Record<string, unknown>> {
  const crypto = ['BTC', 'ETH', 'USDTTRC20', 'USDTERC20', 'LTC', 'XMR', 'TRX', 'TON', 'SOL', 'DOGE', 'USDCERC20', 'BNB', 'DASH', 'ZEC', 'XRP', 'ADA', 'DOT', 'MATIC', 'AVAX', 'ATOM'];
  const fiat = ['SBERRUB', 'TCSBRUB', 'ACRUB', 'SBPRUB', 'YAMRUB', 'PMUSD', 'ADVCUSD', 'PRUSD', 'CARDUAH', 'MONOBUAH', 'KSPBKZT', 'WIREEUR', 'SEPAEUR', 'CASHUSD', 'CASHRUB', 'CASHEUR', 'WMZ', 'CARDUSD', 'REVBEUR', 'CARDKZT'];
  const codes = [...crypto, ...fiat];
  const table: Array<Record<string, unknown>> = [];
  for (let i = 0; table.length < count; i++) {
    const from = codes[i % codes.length];
    const to = codes[(i * 7 + Math.floor(i / codes.length) + 1) % codes.length];
    if (from === to || table.some((d) => d.from === from && d.to === to)) continue;
    const cash = from.startsWith('CASH') || to.startsWith('CASH');
    table.push({
      from, to, in: '1', out: `${(i % 97) + 1}.${String(1000 + ((i * 31 + round * 17) % 9000)).padStart(4, '0')}`,
      amount: '250000', minamount: '0.5', maxamount: '1000', param: i % 5 === 0 ? ['manual'] : [], city: cash ? ['MSK', 'SPB'] : [],
      ...(i % 9 === 0 ? { fromfee: '0.5%' } : {}),
    });
  }
  return table;
}

