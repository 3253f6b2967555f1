# A Rasa replica: the official image, our pinned packages and code, and the
# model trained while the image is built, so a replica starts without
# training or downloading anything. Build from the repository root:
#   docker build -f deploy/docker/rasa.Dockerfile -t objection-coach-rasa .
FROM rasa/rasa:3.6.21

USER root
WORKDIR /app
# The exact tree `make install` uses (Rasa 3.6.21 itself is already there;
# spaCy and our NLP packages are not).
COPY requirements.lock pyproject.toml ./
RUN pip install --no-cache-dir -r requirements.lock

COPY config.yml domain.yml endpoints.yml credentials.yml coach.yml .env.example ./
COPY data ./data
COPY drill ./drill
COPY coach ./coach
COPY components ./components
COPY channels ./channels
COPY nlg ./nlg
COPY server ./server
COPY actions ./actions
COPY scripts/build_spacy_zh.py ./scripts/
COPY deploy/credentials.yml deploy/docker/start-rasa.sh ./deploy/
# The blank Chinese spaCy pipeline is built from installed packages, then the
# model; the group owns /app as in the official image (OpenShift-style uids).
RUN pip install --no-cache-dir --no-deps . \
 && python scripts/build_spacy_zh.py build/spacy_zh_jieba \
 && RASA_TELEMETRY_ENABLED=false rasa train --fixed-model-name objection-coach --out models \
 && chgrp -R 0 /app && chmod -R g=u /app

USER 1001
ENV RASA_TELEMETRY_ENABLED=false TF_CPP_MIN_LOG_LEVEL=2 SQLALCHEMY_SILENCE_UBER_WARNING=1 RASA_PORT=5005
EXPOSE 5005
HEALTHCHECK --interval=10s --timeout=3s --start-period=120s CMD curl -fsS http://localhost:5005/ || exit 1
ENTRYPOINT ["sh", "deploy/start-rasa.sh"]
