use brisk::Settings;

#[derive(Settings)]
struct Config {
    #[settings(env = "DATABASE_URL")]
    database_url: String,
}

fn main() {}
