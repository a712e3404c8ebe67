// Validates a payment in the browser with the SDK's core, the same rules the proxy applies again on the
// server, and shows what the payer will see on the card form (the orderNote with currency symbols).
import { init, rublesToKopecks, validateRequest, renderOrderNote } from 'ckassa-sdk';

const SERVICE_CODE = '1000-13864-2';
const $ = (id) => document.getElementById(id);

/** Roubles typed by a person ("1 234,50") to kopecks; the core refuses what is not exact. */
function kopecksOf(text) {
  return rublesToKopecks(text.replace(/[\s\u00a0]/g, ''));
}

/** The request and its problems: the issues of the amounts, then the core's verdict on the request. */
function check(form) {
  const issues = [];
  const amounts = {};
  for (const name of ['amount', 'comission']) {
    try {
      amounts[name] = String(kopecksOf(form.get(name)));
    } catch (error) {
      issues.push({ path: name, message: error.message });
    }
  }
  if (issues.length > 0) return { issues };
  const input = {
    serviceCode: SERVICE_CODE,
    ...amounts,
    orderNote: form.get('orderNote') || undefined,
    properties: [{ name: 'ПОЗЫВНОЙ', value: '1' }],
  };
  const verdict = validateRequest('anonymousPayment', input);
  return { issues: verdict.issues, warnings: verdict.warnings, request: verdict.request };
}

function show({ issues, warnings = [], request }) {
  const list = $('issues');
  list.replaceChildren(...[...issues, ...warnings].map((issue) => {
    const item = document.createElement('li');
    item.textContent = `${issue.path || 'payment'}: ${issue.message}`;
    return item;
  }));
  $('problems').hidden = list.children.length === 0;
  $('preview').hidden = !request;
  if (request) {
    $('note').textContent = request.orderNote ? renderOrderNote(request.orderNote) : '(no order note)';
    const total = Number(request.amount) + Number(request.comission);
    $('total').textContent = `Total: ${(total / 100).toFixed(2)} ₽ (${total} kopecks)`;
  }
}

async function main() {
  await init();
  $('status').textContent = 'Ready.';
  const formElement = $('payment');
  const run = () => show(check(new FormData(formElement)));
  formElement.addEventListener('submit', (event) => {
    event.preventDefault();
    run();
  });
  run();
}

main().catch((error) => {
  $('status').textContent = `The SDK did not load: ${error.message}`;
});
