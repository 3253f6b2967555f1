# A Rasa replica: the official image, our pinned packages and code, and the
# model trained while the image is built, so a replica starts without
# training or downloading anything. Build from the repository root:
#   docker build -f deploy/docker/rasa.Dockerfile -t objection-coach-rasa .
FROM rasa/rasa:3.6.21

USER root
WORKDIR /app
# requirements.lock is built for Python 3.10 (pyproject.toml): say so at once
# rather than deep inside pip if the base image ever differs.
RUN python -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 10) else "Python 3.10 needed, the image has " + sys.version)'
# The exact tree `make install` uses, minus the test and benchmark tools
# (Rasa 3.6.21 itself is already there; spaCy and our NLP packages are not).
COPY requirements.lock pyproject.toml ./
RUN grep -viE '^(pytest|pytest-asyncio|freezegun|hypothesis|playwright|py-spy)==' requirements.lock > /tmp/runtime.txt \
 && pip install --no-cache-dir -r /tmp/runtime.txt \
 && rm /tmp/runtime.txt

COPY config.yml endpoints.yml credentials.yml coach.yml .env.example ./
COPY domain ./domain
COPY data ./data
COPY drill ./drill
COPY coach ./coach
COPY components ./components
COPY channels ./channels
COPY nlg ./nlg
COPY server ./server
COPY actions ./actions
# the trainer dashboard runs from this image too (deploy/docker-compose.yml)
COPY records ./records
COPY dashboard ./dashboard
COPY scripts/build_spacy_zh.py ./scripts/
COPY deploy/credentials.yml deploy/docker/start-rasa.sh ./deploy/
# Our packages as `make install` has them (the `rasa` command imports the
# custom components from there), the blank Chinese spaCy pipeline built from
# installed packages, then the model; training's cache is not needed to run.
# The group owns /app as in the official image (OpenShift-style uids).
RUN pip install --no-cache-dir --no-deps -e . \
 && python scripts/build_spacy_zh.py build/spacy_zh_jieba \
 && RASA_TELEMETRY_ENABLED=false rasa train --fixed-model-name objection-coach --out models \
 && rm -rf .rasa \
 && chgrp -R 0 /app && chmod -R g=u /app

USER 1001
ENV RASA_TELEMETRY_ENABLED=false TF_CPP_MIN_LOG_LEVEL=2 SQLALCHEMY_SILENCE_UBER_WARNING=1 RASA_PORT=5005 BIND_HOST=0.0.0.0
EXPOSE 5005
# The official image has curl; a replica answers once its model is loaded.
HEALTHCHECK --interval=10s --timeout=3s --start-period=120s CMD curl -fsS "http://localhost:${RASA_PORT}/" || exit 1
ENTRYPOINT ["sh", "/app/deploy/start-rasa.sh"]
