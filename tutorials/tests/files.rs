//! What the background-task tutorials write, where FastAPI's write it: `log.txt` in the
//! working directory, once the response is out (the replay does not check files).

use brisk::TestClient;

#[tokio::test]
async fn background_tasks_write_log_txt_in_the_working_directory() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    std::env::set_current_dir(dir.path()).expect("cd");
    let log = || std::fs::read_to_string(dir.path().join("log.txt")).expect("log.txt written");

    let app = tutorials::cases::app("background_tasks_tutorial001").expect("ported");
    let client = TestClient::new(app);
    let res = client.post("/send-notification/foo@example.com").send().await;
    assert_eq!(res.status(), 200);
    assert_eq!(log(), "notification for foo@example.com: some notification");
    // Written afresh each time (mode "w").
    client.post("/send-notification/bar@example.com").send().await;
    assert_eq!(log(), "notification for bar@example.com: some notification");

    std::fs::remove_file(dir.path().join("log.txt")).expect("rm");
    let app = tutorials::cases::app("background_tasks_tutorial002").expect("ported");
    let client = TestClient::new(app);
    client.post("/send-notification/foo@example.com?q=some-query").send().await;
    client.post("/send-notification/bar@example.com").send().await;
    // Appended (mode "a"), the dependency's task first.
    assert_eq!(log(), "found query: some-query\nmessage to foo@example.com\nmessage to bar@example.com\n");
}
