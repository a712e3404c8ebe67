// Gateway errors as the sandbox answers them: `{code, message, userMessage}` with an HTTP status.
// The docs' numeric table is missing from our copy; only 2365 (NeedPass3dsException) is the gateway's.
// Every other number is assigned by this project and shared with the Rust core: keep them exactly.

/** @type {Readonly<Record<string, {code: number, category: string, http: number, userMessage: string}>>} */
export const ERRORS = Object.freeze({
  CardNotFound: { code: 1101, category: 'card_reregister', http: 400, userMessage: 'Карта не найдена. Привяжите карту заново.' },
  CardInactive: { code: 1102, category: 'card_reregister', http: 400, userMessage: 'Карта отключена. Привяжите карту заново.' },
  CardExpired: { code: 1103, category: 'card_reregister', http: 400, userMessage: 'Срок действия карты истёк. Привяжите другую карту.' },
  InvalidCredentials: { code: 1201, category: 'authorization', http: 401, userMessage: 'Ошибка авторизации магазина.' },
  ServiceNotFound: { code: 1301, category: 'service_list', http: 400, userMessage: 'Услуга не найдена.' },
  UserNotRegisteredForShop: { code: 1401, category: 'registration', http: 400, userMessage: 'Пользователь не зарегистрирован.' },
  InvalidLogin: { code: 1402, category: 'registration', http: 400, userMessage: 'Неверный номер телефона.' },
  UserNotActive: { code: 1501, category: 'activation', http: 400, userMessage: 'Пользователь не активен.' },
  PaymentNotFound: { code: 1601, category: 'payment_status', http: 400, userMessage: 'Платёж не найден.' },
  RefundNotAllowed: { code: 1602, category: 'payment_status', http: 400, userMessage: 'Возврат по этому платежу невозможен.' },
  RefundAmountMismatch: { code: 1603, category: 'payment_status', http: 400, userMessage: 'Сумма возврата не совпадает с остатком платежа.' },
  InvalidPaymentRequest: { code: 1701, category: 'payment_creation', http: 400, userMessage: 'Платёж не может быть проведён.' },
  OrderExpired: { code: 1702, category: 'payment_creation', http: 400, userMessage: 'Срок оплаты заказа истёк.' },
  NeedPass3dsException: { code: 2365, category: 'payment_creation', http: 400, userMessage: 'Требуется подтверждение платежа (3-D Secure).' },
  BadRequest: { code: 1901, category: 'general', http: 400, userMessage: 'Некорректный запрос.' },
  PayloadTooLarge: { code: 1902, category: 'general', http: 413, userMessage: 'Слишком большой запрос.' },
  InternalError: { code: 1999, category: 'general', http: 500, userMessage: 'Внутренняя ошибка. Повторите попытку позже.' },
});

/** An error the gateway answers with; `extra` fields are added to the body (2365 adds regPayNum, securePageURL). */
export class GatewayError extends Error {
  /**
   * @param {keyof typeof ERRORS} name
   * @param {string} message technical text, naming the field or object concerned
   * @param {{http?: number, extra?: Record<string, unknown>, headers?: Record<string, string>}} [options]
   *   `http` overrides the table's status; `headers` are sent with the answer
   */
  constructor(name, message, options = {}) {
    super(message);
    const entry = ERRORS[name];
    this.name = name;
    this.code = entry.code;
    this.status = options.http ?? entry.http;
    this.userMessage = entry.userMessage;
    this.extra = options.extra ?? {};
    this.headers = options.headers ?? {};
  }

  /** The JSON body of the answer. */
  toBody() {
    return { code: this.code, message: this.message, userMessage: this.userMessage, ...this.extra };
  }
}
