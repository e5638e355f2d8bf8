-- Rasa's tracker store lives in its own database next to the gateway's (run once by the postgres image).
CREATE DATABASE rasa OWNER policybot;
