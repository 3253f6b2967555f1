# The action server: the official rasa-sdk image with our actions, the code
# they share with the bot and the files a trainer edits. Build from the
# repository root:
#   docker build -f deploy/docker/actions.Dockerfile -t objection-coach-actions .
FROM rasa/rasa-sdk:3.6.2

USER root
WORKDIR /app
# The image is Ubuntu without time zone data; appointments are computed in
# coach.yml's time zone (zoneinfo).
RUN apt-get update -qq \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends tzdata \
 && rm -rf /var/lib/apt/lists/*
COPY deploy/docker/actions-requirements.txt ./
RUN pip install --no-cache-dir -r actions-requirements.txt
COPY actions ./actions
COPY coach ./coach
COPY records ./records
COPY drill ./drill
COPY coach.yml taboo.yml ./
COPY domain ./domain
# the drill grader's classifier, trained from drill/ and taboo.yml at build
# time (a few seconds) so the first graded answer does not wait for it
COPY scripts/train_grader.py ./scripts/
RUN python scripts/train_grader.py
# server.action_server: rasa-sdk's server behind the shared secret
COPY server/__init__.py server/action_server.py server/log_redaction.py ./server/
RUN chgrp -R 0 /app && chmod -R g=u /app

USER 1001
# Inside a container the Service is the boundary: listen on its interface.
ENV BIND_HOST=0.0.0.0
EXPOSE 5055
# The image has no curl; its Python asks for the health page.
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s \
  CMD python -c "import urllib.request; urllib.request.urlopen('http://localhost:5055/health', timeout=2)"
# Our entry instead of the image's `python -m rasa_sdk`: it refuses calls
# without ACTION_SECRET and answers errors without echoing the request.
ENTRYPOINT ["python", "-m", "server.action_server"]
CMD ["--actions", "actions", "--port", "5055"]
