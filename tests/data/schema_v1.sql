-- PressLens store schema v1 (as created by commit 08d68df), for migration tests.
CREATE TABLE meta (
	"key" VARCHAR(64) NOT NULL, 
	value TEXT NOT NULL, 
	PRIMARY KEY ("key")
);
CREATE TABLE articles (
	id VARCHAR(32) NOT NULL, 
	title TEXT, 
	source TEXT, 
	url TEXT, 
	published VARCHAR(32), 
	published_precision VARCHAR(8), 
	published_approximate BOOLEAN NOT NULL, 
	language VARCHAR(8) NOT NULL, 
	language_confidence FLOAT NOT NULL, 
	language_method VARCHAR(16) NOT NULL, 
	text TEXT NOT NULL, 
	raw_text TEXT NOT NULL, 
	origin TEXT, 
	word_count INTEGER NOT NULL, 
	warnings TEXT NOT NULL, 
	ingested_at VARCHAR(32) NOT NULL, 
	PRIMARY KEY (id)
);
CREATE INDEX ix_articles_published ON articles (published);
CREATE INDEX ix_articles_source ON articles (source);
CREATE INDEX ix_articles_language ON articles (language);
CREATE TABLE sentences (
	article_id VARCHAR(32) NOT NULL, 
	idx INTEGER NOT NULL, 
	paragraph INTEGER NOT NULL, 
	start INTEGER NOT NULL, 
	"end" INTEGER NOT NULL, 
	PRIMARY KEY (article_id, idx), 
	FOREIGN KEY(article_id) REFERENCES articles (id) ON DELETE CASCADE
);
CREATE TABLE translations (
	article_id VARCHAR(32) NOT NULL, 
	language VARCHAR(8) NOT NULL, 
	provider VARCHAR(32) NOT NULL, 
	status VARCHAR(16) NOT NULL, 
	text TEXT, 
	error TEXT, 
	updated_at VARCHAR(32) NOT NULL, 
	PRIMARY KEY (article_id, language), 
	FOREIGN KEY(article_id) REFERENCES articles (id) ON DELETE CASCADE
);
CREATE INDEX ix_translations_status ON translations (status);
CREATE VIRTUAL TABLE article_fts USING fts5(article_id UNINDEXED, title, text, translation, tokenize='unicode61 remove_diacritics 2');
INSERT INTO meta VALUES ('schema_version', '1');
