//! The addresses of the product's pages and files, built in one place, and the one
//! percent-encoding of a value put into a query string. Route patterns themselves are in
//! `app.rs`; the server's own routes (uploads, downloads) in `server/src/startup.rs`.

/// Percent-encodes everything but the unreserved characters of RFC 3986, for a query value.
pub fn urlencode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The login page, going on to `next` (a path of this site) once logged in.
pub fn login_then(next: &str) -> String {
    format!("/login?next={}", urlencode(next))
}

/// `next` if it is a page of this site to go on to after logging in, else `None`: a path with
/// one leading `/` (a browser takes `//host` and `/\host` for another site), no control
/// characters or spaces, at most 1,000 bytes, and not the login page itself or a server
/// function. Anything else is ignored, so a link cannot use the login page to send someone to
/// another site (an open redirect) or into a loop.
pub fn local_path(next: &str) -> Option<&str> {
    let bytes = next.as_bytes();
    let one_slash = bytes.first() == Some(&b'/') && !matches!(bytes.get(1), Some(b'/' | b'\\'));
    let plain = next.len() <= 1000 && !next.chars().any(|c| c.is_control() || c.is_whitespace());
    let elsewhere = ["/login", "/api/"].iter().any(|p| next.starts_with(p));
    (one_slash && plain && !elsewhere).then_some(next)
}

/// The courier's public tracking page for `number`. SF Express opens its waybill page for the
/// number (sf-express.com, 运单详情); Yunda publishes no per-waybill address, so its site's
/// tracking search is opened, and the page shows the number next to the link to type in.
pub fn courier_tracking(courier: crate::domain::Courier, number: &str) -> String {
    match courier {
        crate::domain::Courier::Sf => {
            format!("https://www.sf-express.com/chn/sc/waybill/waybill-detail/{}", urlencode(number))
        }
        crate::domain::Courier::Yunda => "https://www.yundaex.com/cn/index.php".to_owned(),
    }
}

/// A bill's page.
pub fn bill(order_number: &str) -> String {
    format!("/bills/{order_number}")
}

/// A bill as PDF.
pub fn bill_pdf(order_number: &str) -> String {
    format!("/bills/{order_number}/pdf")
}

/// The application form of a bill (it opens on the step the draft has reached).
pub fn apply(order_number: &str) -> String {
    format!("/bills/{order_number}/apply")
}

/// One step of the application form of a bill.
pub fn apply_step(order_number: &str, step: u8) -> String {
    format!("/bills/{order_number}/apply/{step}")
}

/// An application as its customer sees it.
pub fn application(number: &str) -> String {
    format!("/applications/{number}")
}

/// An issued e-fapiao file of an application.
pub fn application_file(number: &str, file_id: i32) -> String {
    format!("/applications/{number}/files/{file_id}")
}

/// The download page of an emailed e-fapiao link (absolute: it is sent by email).
pub fn fapiao_download(base_url: &str, token: &str) -> String {
    format!("{base_url}/fapiao/{token}")
}

/// One file of that page.
pub fn fapiao_download_file(token: &str, file_id: i32) -> String {
    format!("/fapiao/{token}/{file_id}")
}

/// An application in the service center.
pub fn admin_application(number: &str) -> String {
    format!("/admin/applications/{number}")
}

/// A support request's thread.
pub fn support_request(number: &str) -> String {
    format!("/support/{number}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_paths_of_this_site_are_followed_after_login() {
        for ok in ["/bills", "/bills/MO-20261001-03/apply/2?from=mail", "/applications/FP2026", "/"] {
            assert_eq!(local_path(ok), Some(ok));
        }
        for elsewhere in [
            "",
            "bills",
            "//evil.example/x",
            "/\\evil.example",
            "https://evil.example/",
            "javascript:alert(1)",
            "/ok\r\nSet-Cookie: x=1",
            "/a b",
            "/login?next=/login",
            "/api/logout",
        ] {
            assert_eq!(local_path(elsewhere), None, "{elsewhere:?}");
        }
        assert_eq!(local_path(&format!("/{}", "a".repeat(1000))), None, "too long");
        assert_eq!(login_then("/bills/MO-1?x=1"), "/login?next=%2Fbills%2FMO-1%3Fx%3D1");
    }

    #[test]
    fn query_values_are_percent_encoded_and_paths_are_the_routes() {
        assert_eq!(urlencode("li.lei+fapiao@example.cn"), "li.lei%2Bfapiao%40example.cn");
        assert_eq!(urlencode("蓝云"), "%E8%93%9D%E4%BA%91");
        assert_eq!(apply_step("MO-20261002-01", 3), "/bills/MO-20261002-01/apply/3");
        assert_eq!(application_file("FP2026112400000001", 7), "/applications/FP2026112400000001/files/7");
    }
}
