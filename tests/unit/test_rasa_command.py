"""server/rasa_command.py: the one command line make run, make cluster and
the Docker image serve with."""

from server.rasa_command import serve_arguments


def test_make_run_serves_on_loopback_with_the_demo_page_allowed():
    args = serve_arguments(
        {"ENDPOINTS": "runtime/endpoints.yml", "RASA_PORT": "5105", "CORS_ORIGINS": "http://localhost:8000"}
    )
    assert args == [
        "run",
        "--model",
        "models/objection-coach.tar.gz",
        "--endpoints",
        "runtime/endpoints.yml",
        "--credentials",
        "credentials.yml",
        "--interface",
        "127.0.0.1",
        "--port",
        "5105",
        "--cors",
        "http://localhost:8000",
    ]


def test_no_origins_no_cors_and_extra_arguments_come_last():
    args = serve_arguments({"CORS_ORIGINS": "  "}, ["--debug"])
    assert "--cors" not in args and args[-1] == "--debug"
