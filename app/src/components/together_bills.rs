use crate::bills::Together;
use crate::i18n::*;
use leptos::prelude::*;

/// The bills of a fapiao for several, with their total: on the application form, the
/// customer's application page and the service center's.
#[component]
pub fn TogetherBills(together: Together) -> impl IntoView {
    let locale = crate::ui::use_locale();
    let count = together.bills.len();
    view! {
        <section class="together-bills" aria-labelledby="together-heading">
            <h2 id="together-heading">{td!(locale, bill.together_heading, count)}</h2>
            <div class="table-wrap">
                <table class="data-table compact">
                    <thead>
                        <tr>
                            <th scope="col">{td!(locale, bills.order_number)}</th>
                            <th scope="col">{td!(locale, bills.product)}</th>
                            <th scope="col" class="numeric">{td!(locale, bills.total_with_tax)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {together.bills.into_iter().map(|bill| view! {
                            <tr>
                                <td class="nowrap">{bill.order_number}</td>
                                <td>{bill.product}</td>
                                <td class="numeric">{bill.amount}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                    <tfoot>
                        <tr>
                            <th scope="row" colspan="2">{td!(locale, bill.together_total)}</th>
                            <td class="numeric">{together.total}</td>
                        </tr>
                    </tfoot>
                </table>
            </div>
        </section>
    }
}
